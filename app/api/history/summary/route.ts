import { READ } from "@/lib/auth/roles";
import { json, readQuery, route } from "@/lib/http";
import { historySummary, SummaryQuerySchema } from "@/lib/history/summary";

export const dynamic = "force-dynamic";

export const GET = route(READ, async (req) => json(await historySummary(readQuery(req, SummaryQuerySchema))));
