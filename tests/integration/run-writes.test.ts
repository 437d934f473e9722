import { authedRequest } from "@/tests/fixtures/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runsRoute from "@/app/api/runs/route";
import * as runRoute from "@/app/api/runs/[id]/route";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { resilience } from "@/lib/smoke/resilience";
import { runToCompletion } from "@/lib/smoke/run-service";
import type { RunJson } from "@/lib/smoke/schema";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";

// The runner's persistence (decision 034): a fast run is written once, when
// it finishes; a slow one gets its `running` row for the live view.
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
const noParams = { params: Promise.resolve({} as Record<string, never>) };

const target = (model: string, extra: Record<string, unknown> = {}) =>
  db.target.create({
    data: { name: `w-${model}-${Math.random().toString(36).slice(2, 7)}`, role: "primary", baseUrl: sandbox.baseUrl, model, credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "test", backoffBaseMs: 1, backoffMaxMs: 2, ...extra },
  });

const stored = async (id: number): Promise<RunJson> => (await runRoute.GET(authedRequest(`http://test/api/runs/${id}`), { params: Promise.resolve({ id: String(id) }) })).json();

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  process.env.SANDBOX_BASE_URL = sandbox.baseUrl;
  resetEnvForTests();
  resilience.resetForTests();
}, 30_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe("run persistence", () => {
  it("a fast ?wait=true run is stored exactly as returned, with its attempt", async () => {
    const t = await target("ok");
    const res = await runsRoute.POST(
      authedRequest("http://test/api/runs?wait=true", { method: "POST", body: JSON.stringify({ targetId: t.id, path: "happy", notes: "from CI" }), headers: { "content-type": "application/json" } }),
      noParams,
    );
    const r: RunJson = await res.json();
    expect(r.state).toBe("done");
    expect(r.attempts).toHaveLength(1);
    expect(await stored(r.id)).toEqual(r);
  });

  it("several fast runs at once each get their own attempts", async () => {
    const t = await target("ok");
    const runs = await Promise.all(Array.from({ length: 8 }, () => runToCompletion({ targetId: t.id, path: "happy" })));
    for (const r of runs) {
      const s = await stored(r.id);
      expect(s.attempts.map((a) => a.spanId)).toEqual(r.attempts.map((a) => a.spanId));
      expect(s.record.trace_id_placeholder).toBe(r.record.trace_id_placeholder);
    }
  });

  it("a slow run is visible as running while it goes on; a retried run shows its attempts live", async () => {
    const t = await target("slow-900");
    const done = runToCompletion({ targetId: t.id, path: "happy" });
    await new Promise((r) => setTimeout(r, 500));
    const live = await db.run.findMany({ where: { targetId: t.id } });
    expect(live.map((r) => r.state)).toEqual(["running"]);
    const r = await done;
    expect((await stored(r.id)).state).toBe("done");
    expect(await db.run.count({ where: { targetId: t.id } })).toBe(1);

    const flaky = await target("flaky-429");
    const f = await runToCompletion({ targetId: flaky.id, path: "happy" });
    expect(f.attempts.map((a) => a.statusCode)).toEqual([429, 200]);
    expect(await stored(f.id)).toEqual(f);
  });
});
