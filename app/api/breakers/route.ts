import { json, route } from "@/lib/http";
import { listBreakers } from "@/lib/smoke/breakers";

export const dynamic = "force-dynamic";

export const GET = route(async () => json(await listBreakers()));
