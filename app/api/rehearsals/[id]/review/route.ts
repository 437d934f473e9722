import { json, readJson, route } from "@/lib/http";
import { getRehearsalReview, reviewRehearsal } from "@/lib/history/rehearsals";
import { ReviewInputSchema } from "@/lib/history/schema";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = route<Params>(async (_req, { params }) => json(await getRehearsalReview((await params).id)));

/** Mark reviewed (with an optional comment), or `{"reviewed": false}` to reopen. */
export const POST = route<Params>(async (req, { params }) => {
  const input = await readJson(req, ReviewInputSchema);
  return json(await reviewRehearsal((await params).id, input));
});
