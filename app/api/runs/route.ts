import { READ, RUNS_WRITE } from "@/lib/auth/roles";
import { json, readJson, readQuery, route } from "@/lib/http";
import { readIdempotencyKey } from "@/lib/smoke/idempotency";
import { createRun, WaitQuerySchema, wantsWait } from "@/lib/smoke/api";
import { RunInputSchema } from "@/lib/smoke/schema";
import { listRuns, RunFiltersSchema } from "@/lib/smoke/store";

export const dynamic = "force-dynamic";

export const GET = route(READ, async (req) => json(await listRuns(readQuery(req, RunFiltersSchema))));

export const POST = route(RUNS_WRITE, async (req, _ctx, who) => {
  const query = readQuery(req, WaitQuerySchema);
  const input = await readJson(req, RunInputSchema);
  const key = readIdempotencyKey(req);
  const { status, body, headers } = await createRun(input, wantsWait(query), req.headers.get("x-evidence-client") === "dashboard" ? "manual" : "api", key, who.actor);
  return json(body, { status, headers });
});
