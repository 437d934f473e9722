import { READ } from "@/lib/auth/roles";
import { json, route } from "@/lib/http";
import { listBreakers } from "@/lib/smoke/breakers";

export const dynamic = "force-dynamic";

export const GET = route(READ, async () => json(await listBreakers()));
