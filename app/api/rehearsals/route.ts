import { RUNS_WRITE } from "@/lib/auth/roles";
import { json, readJson, readQuery, route } from "@/lib/http";
import { readIdempotencyKey } from "@/lib/smoke/idempotency";
import { createRehearsal, WaitQuerySchema, wantsWait } from "@/lib/smoke/api";
import { RehearsalInputSchema } from "@/lib/smoke/schema";

export const dynamic = "force-dynamic";

export const POST = route(RUNS_WRITE, async (req, _ctx, who) => {
  const query = readQuery(req, WaitQuerySchema);
  const input = await readJson(req, RehearsalInputSchema);
  const key = readIdempotencyKey(req);
  const { status, body, headers } = await createRehearsal(input, wantsWait(query), req.headers.get("x-evidence-client") === "dashboard" ? "manual" : "api", key, who.actor);
  return json(body, { status, headers });
});
