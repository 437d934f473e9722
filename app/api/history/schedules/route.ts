import { json, route } from "@/lib/http";
import { listSchedules } from "@/lib/schedule/service";

export const dynamic = "force-dynamic";

export const GET = route(async () => json({ items: await listSchedules() }));
