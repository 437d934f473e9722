import { READ } from "@/lib/auth/roles";
import { json, readQuery, route } from "@/lib/http";
import { listRehearsals, RehearsalFiltersSchema } from "@/lib/history/rehearsals";

export const dynamic = "force-dynamic";

export const GET = route(READ, async (req) => json(await listRehearsals(readQuery(req, RehearsalFiltersSchema))));
