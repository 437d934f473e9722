import { READ } from "@/lib/auth/roles";
import { json, route } from "@/lib/http";
import { listSchedules } from "@/lib/schedule/service";

export const dynamic = "force-dynamic";

export const GET = route(READ, async () => json({ items: await listSchedules() }));
