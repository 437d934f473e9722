import { READ, RUNS_WRITE } from "@/lib/auth/roles";
import { json, readJson, route } from "@/lib/http";
import { RehearsalDecisionsSchema } from "@/lib/smoke/schema";
import { getRehearsal, updateRehearsalDecisions } from "@/lib/smoke/store";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = route<Params>(READ, async (_req, { params }) => json(await getRehearsal((await params).id)));

export const PATCH = route<Params>(RUNS_WRITE, async (req, { params }) => {
  const input = await readJson(req, RehearsalDecisionsSchema);
  return json(await updateRehearsalDecisions((await params).id, input));
});
