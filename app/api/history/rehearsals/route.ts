import { json, readQuery, route } from "@/lib/http";
import { listRehearsals, RehearsalFiltersSchema } from "@/lib/history/rehearsals";

export const dynamic = "force-dynamic";

export const GET = route(async (req) => json(await listRehearsals(readQuery(req, RehearsalFiltersSchema))));
