import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIfNeeded } from "@/scripts/build-if-needed.mjs";
import { migrate } from "@/scripts/migrate.mjs";
import { OWNER, signIn } from "@/tests/fixtures/prod-server";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";

// Issue 9.3, through the production server (next build + scripts/server.mjs,
// as `npm start` runs it) with the scheduler on: the scheduler's bundle and
// the route bundles must share one breaker, one retry budget and one target
// cache. A scheduled slot comes once a minute, so this test waits for one.
type Run = { id: number; state: string; rehearsalId: string | null; path: string; attempts: unknown[]; record: Record<string, unknown> };

let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
let server: ChildProcess | undefined;
let origin = "";
let cookie = "";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${origin}${url}`, { method, headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  const db = path.resolve("tests/.tmp/shared-state-server.db");
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = `file:${db}`;
  migrate({ quiet: true });
  process.env.DATABASE_URL = saved;
  buildIfNeeded();
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ["scripts/server.mjs"], {
    stdio: "ignore",
    env: { ...process.env, DATABASE_URL: `file:${db}`, HOST: "127.0.0.1", PORT: String(port), SCHEDULER: "on", BREAKER_OPEN_MS: "120000", EVIDENCE_OWNER_EMAIL: OWNER.email, EVIDENCE_OWNER_PASSWORD: OWNER.password, LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1", SANDBOX_BASE_URL: sandbox.baseUrl },
  });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${origin}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (i > 300) throw new Error("server did not start");
    await sleep(200);
  }
  cookie = await signIn(origin, OWNER.email, OWNER.password);
}, 600_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    await new Promise<void>((resolve) => {
      server!.once("exit", () => resolve());
      server!.kill("SIGTERM");
    });
  }
  await sandbox?.stop();
});

describe("one process state through the production server (scheduler on)", () => {
  it("a scheduled rehearsal and API runs share one breaker and one budget; a target edit clears the scheduler's cache", async () => {
    const make = (name: string, model: string) =>
      api<{ id: string }>("POST", "/api/targets", { name, role: "primary", baseUrl: sandbox.baseUrl, model, credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "test", retryCeiling: 2, backoffBaseMs: 1, backoffMaxMs: 2 });
    const breakerTarget = await make("shared breaker", "always-503");
    const budgetTarget = await make("shared budget", "always-500");
    const cacheTarget = await make("shared cache", "slow-1000");
    for (const t of [breakerTarget, budgetTarget, cacheTarget]) await api("PUT", `/api/history/schedules/${t.id}`, { cron: "* * * * *", enabled: true });

    // The next minute boundary at least 5 s away (slots come after the schedule was set).
    let slot = Math.ceil(Date.now() / 60_000) * 60_000;
    if (slot - Date.now() < 5_000) slot += 60_000;

    // Now, well before the slot, API runs open the breaker of `shared breaker`.
    // It stays open for 2 min (BREAKER_OPEN_MS above): past a slot at most 65 s
    // away, and past one that fires late on a loaded machine. (Opening it only
    // 2 s before the slot failed in CI: the first runs of a cold server took
    // longer than that, and the slot's rehearsal got there first.)
    let stopped: Run | null = null;
    for (let i = 0; i < 6 && !stopped; i++) {
      const r = await api<Run>("POST", "/api/runs?wait=true", { targetId: breakerTarget.id, path: "happy" });
      if (r.attempts.length === 0) stopped = r;
    }
    expect(stopped, "API runs opened the breaker").not.toBeNull();
    const sentByApi = (await sandbox.stats())["always-503"];

    // The slot fires; catch the cache target's scheduled happy run while it runs and edit the target.
    const deadline = slot + 30_000;
    let edited = false;
    while (!edited && Date.now() < deadline) {
      const { items } = await api<{ items: Run[] }>("GET", `/api/runs?targetId=${cacheTarget.id}&trigger=scheduled`);
      if (items.some((r) => r.path === "happy")) {
        await api("PATCH", `/api/targets/${cacheTarget.id}`, { environmentLabel: "edited-mid-rehearsal" });
        edited = true;
      } else await sleep(50);
    }
    expect(edited, "the scheduled rehearsal started").toBe(true);

    // Wait for the three scheduled rehearsals to finish.
    const scheduledRuns = async (targetId: string) => (await api<{ items: Run[] }>("GET", `/api/runs?targetId=${targetId}&trigger=scheduled`)).items;
    // Meanwhile the route bundle's view of the budget target's retry budget is
    // sampled: it must see the scheduler's first attempts and retries while
    // they are inside the 10 s window (sampling, not one late read, so a slow
    // machine cannot let the window pass first).
    type Budget = { firstAttempts: number; retriesUsed: number };
    let budgetSeen: Budget = { firstAttempts: 0, retriesUsed: 0 };
    for (;;) {
      const all = await Promise.all([breakerTarget, budgetTarget, cacheTarget].map((t) => scheduledRuns(t.id)));
      const view = await api<{ items: { targetId: string; budget: Budget }[] }>("GET", "/api/breakers");
      const budget = view.items.find((b) => b.targetId === budgetTarget.id)?.budget;
      if (budget && budget.firstAttempts + budget.retriesUsed >= budgetSeen.firstAttempts + budgetSeen.retriesUsed) budgetSeen = { firstAttempts: budget.firstAttempts, retriesUsed: budget.retriesUsed };
      if (all.every((runs) => runs.length === 2 && runs.every((r) => r.state !== "running"))) break;
      if (Date.now() > deadline) throw new Error("scheduled rehearsals did not finish");
      await sleep(100);
    }

    // Cache: the error run started after the edit reads the edited target.
    const cacheRuns = await scheduledRuns(cacheTarget.id);
    const error = await api<Run>("GET", `/api/runs/${cacheRuns.find((r) => r.path === "error")!.id}`);
    expect.soft(error.record.environment_label).toBe("edited-mid-rehearsal");

    // Breaker: the scheduled rehearsal met the breaker the API runs opened — nothing was sent.
    const fromSchedule = await Promise.all((await scheduledRuns(breakerTarget.id)).map((r) => api<Run>("GET", `/api/runs/${r.id}`)));
    for (const r of fromSchedule) {
      expect.soft(r.attempts).toHaveLength(0);
      expect.soft(String(r.record.sanitized_error_summary)).toMatch(/circuit open since/);
    }
    expect.soft((await sandbox.stats())["always-503"]).toBe(sentByApi);

    // Budget: the route bundle saw the first attempts and retries of the scheduled runs
    // (a bundle of its own would see none). Not the exact 2/2: on a loaded machine the
    // samples can miss the moment both runs' entries are inside the 10 s window.
    expect(budgetSeen.firstAttempts).toBeGreaterThan(0);
    expect(budgetSeen.retriesUsed).toBeGreaterThan(0);
  }, 180_000);
});
