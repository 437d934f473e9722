import { READ, REVIEW } from "@/lib/auth/roles";
import { json, readJson, route } from "@/lib/http";
import { getRehearsalReview, reviewRehearsal } from "@/lib/history/rehearsals";
import { ReviewInputSchema } from "@/lib/history/schema";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = route<Params>(READ, async (_req, { params }) => json(await getRehearsalReview((await params).id)));

/** Mark reviewed (with an optional comment), or `{"reviewed": false}` to reopen. */
export const POST = route<Params>(REVIEW, async (req, { params }, who) => {
  const input = await readJson(req, ReviewInputSchema);
  return json(await reviewRehearsal((await params).id, input, who.actor));
});
