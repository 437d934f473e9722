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

  it("the runner's rows are stored as Prisma stores them (decision 054)", async () => {
    const t = await target("ok");
    const r = await runToCompletion({ targetId: t.id, path: "happy" });
    type Stored = { checkedAt: string; finishedAt: string; credentialConfigured: bigint; startedAt: string; ct: string; bt: string };
    const shape = (rows: Stored[]) => rows.map((x) => ({ ...x, checkedAt: x.checkedAt.replace(/\d/g, "9"), finishedAt: x.finishedAt.replace(/\d/g, "9"), startedAt: x.startedAt.replace(/\d/g, "9") }));
    const read = (id: number) =>
      db.$queryRaw<Stored[]>`SELECT CAST(r."checkedAt" AS TEXT) AS "checkedAt", CAST(r."finishedAt" AS TEXT) AS "finishedAt", r."credentialConfigured", CAST(a."startedAt" AS TEXT) AS "startedAt", typeof(r."checkedAt") AS ct, typeof(r."credentialConfigured") AS bt
        FROM "Run" r JOIN "Attempt" a ON a."runId" = r."id" WHERE r."id" = ${id}`;
    // The same columns written through Prisma's query engine.
    const viaPrisma = await db.run.create({
      data: {
        targetName: "via-prisma", path: "happy", trigger: "api", state: "done", providerProfile: "openai-compatible", environmentLabel: "test", endpointFamily: "chat_completions", model: "ok",
        credentialConfigured: true, retryCeiling: 2, traceId: "via-prisma", checkedAt: new Date(), finishedAt: new Date(),
        attempts: { create: [{ seq: 0, targetName: "via-prisma", role: "primary", spanId: "s", serverAddress: "h", startedAt: new Date(), durationMs: 1, statusFamily: "2xx", errorClass: "none", waitMs: 0, decision: "success", decisionRule: "r", profile: "p", sanitizedSummary: "ok" }] },
      },
    });
    expect(shape(await read(r.id))).toEqual(shape(await read(viaPrisma.id)));
    expect(new Date((await read(r.id))[0].checkedAt).toISOString()).toBe(r.record.checked_at);
  });

  it("in production the returned record is not re-parsed and is still exactly the stored one (decision 041)", async () => {
    const t = await target("ok");
    const saved = process.env.NODE_ENV;
    let r: RunJson;
    try {
      (process.env as Record<string, string>).NODE_ENV = "production";
      r = await runToCompletion({ targetId: t.id, path: "happy" }, { trigger: "api" });
    } finally {
      (process.env as Record<string, string | undefined>).NODE_ENV = saved;
    }
    // GET /api/runs/:id maps the stored row through the strict RunSchema.
    expect(await stored(r.id)).toEqual(r);
    expect(JSON.stringify(await stored(r.id))).toBe(JSON.stringify(r));
  });

  it("a finish write that waits on the database past the live-row timer still leaves one row, done", async () => {
    // Seen on PostgreSQL under load: the run ended before the 200 ms timer, its
    // one write (run + attempts) waited, the timer then inserted a `running`
    // row as well — a stuck second record of the same run.
    const t = await target("ok");
    const first = await runToCompletion({ targetId: t.id, path: "happy" }, { trigger: "api" }); // the target and egress policy are cached now: the next run reads nothing before its request
    // Another request's transaction holds the connection for 600 ms (the
    // adapter serializes statements, decision 050): the runner's write waits.
    let opened!: () => void;
    const holding = new Promise<void>((r) => (opened = r));
    const other = db.$transaction(async (tx) => {
      await tx.target.count();
      opened();
      await new Promise((r) => setTimeout(r, 600));
    }, { timeout: 10_000 });
    const run = runToCompletion({ targetId: t.id, path: "happy" }, { trigger: "api" });
    await holding;
    const [done] = await Promise.all([run, other]);
    expect(done.state).toBe("done");
    const rows = await db.run.findMany({ where: { targetId: t.id, id: { gt: first.id } }, select: { id: true, state: true } });
    expect(rows).toEqual([{ id: done.id, state: "done" }]);
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
