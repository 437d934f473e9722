import { authedRequest } from "@/tests/fixtures/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runsRoute from "@/app/api/runs/route";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { resilience } from "@/lib/smoke/resilience";
import type { RunJson } from "@/lib/smoke/schema";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";

// Issue 9.7: a target's retry ceiling and the shared retry budget agree — a
// run alone on its target always reaches its own ceiling (the budget and the
// breaker are sized from the highest ceiling a target may have).
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
const noParams = { params: Promise.resolve({} as Record<string, never>) };

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  process.env.SANDBOX_BASE_URL = sandbox.baseUrl;
  resetEnvForTests();
}, 30_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe("retry ceiling vs shared budget", () => {
  it.each([3, 4, 5])("a lone run with ceiling %i against an always-503 target reaches its ceiling", async (ceiling) => {
    resilience.resetForTests();
    const t = await db.target.create({
      data: { name: `ceiling-${ceiling}`, role: "primary", baseUrl: sandbox.baseUrl, model: "always-503", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "test", retryCeiling: ceiling, backoffBaseMs: 1, backoffMaxMs: 2 },
    });
    const res = await runsRoute.POST(
      authedRequest("http://test/api/runs?wait=true", { method: "POST", body: JSON.stringify({ targetId: t.id, path: "happy" }), headers: { "content-type": "application/json" } }),
      noParams,
    );
    const r: RunJson = await res.json();
    expect(r.record.retry_attempts).toBe(ceiling);
    expect(r.attempts).toHaveLength(ceiling + 1);
    expect(r.attempts.at(-1)!.decisionRule).toContain(`retry-ceiling-reached (${ceiling})`);
  });
});
