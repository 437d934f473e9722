import { json, readQuery, route } from "@/lib/http";
import { historySummary, SummaryQuerySchema } from "@/lib/history/summary";

export const dynamic = "force-dynamic";

export const GET = route(async (req) => json(await historySummary(readQuery(req, SummaryQuerySchema))));
