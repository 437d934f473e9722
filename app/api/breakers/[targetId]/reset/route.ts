import { RUNS_WRITE } from "@/lib/auth/roles";
import { z } from "zod";
import { json, readJson, route } from "@/lib/http";
import { resetBreaker } from "@/lib/smoke/breakers";

export const dynamic = "force-dynamic";

const ResetInputSchema = z.object({}).strict();

export const POST = route<{ targetId: string }>(RUNS_WRITE, async (req, { params }, who) => {
  await readJson(req, ResetInputSchema);
  return json(await resetBreaker((await params).targetId, who.actor), { status: 201 });
});
