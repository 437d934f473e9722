import { json, readJson, readQuery, route } from "@/lib/http";
import { readIdempotencyKey } from "@/lib/smoke/idempotency";
import { createRun, WaitQuerySchema, wantsWait } from "@/lib/smoke/api";
import { RunInputSchema } from "@/lib/smoke/schema";
import { listRuns, RunFiltersSchema } from "@/lib/smoke/store";

export const dynamic = "force-dynamic";

export const GET = route(async (req) => json(await listRuns(readQuery(req, RunFiltersSchema))));

export const POST = route(async (req) => {
  const query = readQuery(req, WaitQuerySchema);
  const input = await readJson(req, RunInputSchema);
  const key = readIdempotencyKey(req);
  const { status, body, headers } = await createRun(input, wantsWait(query), req.headers.get("x-evidence-client") === "dashboard" ? "manual" : "api", key);
  return json(body, { status, headers });
});
