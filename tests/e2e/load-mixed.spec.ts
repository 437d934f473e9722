import { expect, test } from "@playwright/test";
import { runDeadlineMs } from "../../lib/smoke/watchdog";
import { startProdServer, type ProdServer } from "../fixtures/prod-server";

// Issue 12 item 1: 50 concurrent `POST /api/runs?wait=true` on sandbox
// targets (timeout 10 s, ceiling 2) while other clients list runs, edit
// packets and export JSON and CSV — every run must end. Loopback only, its
// own production server and database, bounded in time.

const RUNS = 50;
const TIMEOUT_MS = 10_000;
const CEILING = 2;
const POLICY = { timeoutMs: TIMEOUT_MS, retryCeiling: CEILING, backoffBaseMs: 50, backoffMaxMs: 200, retryAfterCapMs: 1_000 };
// The longest a waited run may take: the watchdog's deadline for a run with a
// fallback leg, plus the 5 s it allows its own write before answering anyway.
const RUN_BOUND_MS = runDeadlineMs({ primary: POLICY, fallback: POLICY }) + 5_000;

let server: ProdServer;
test.beforeAll(async () => {
  server = await startProdServer({ dbFile: "tests/.tmp/load-mixed.db" });
});
test.afterAll(async () => {
  await server?.stop();
});

async function api(path: string, init: RequestInit & { json?: unknown } = {}) {
  const { json, ...rest } = init;
  const res = await server.fetch(`${server.origin}${path}`, {
    ...rest,
    headers: { ...(json !== undefined ? { "content-type": "application/json" } : {}), ...rest.headers },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  return res;
}

test("50 concurrent waited runs under mixed load all reach a final state", async () => {
  test.setTimeout(RUN_BOUND_MS + 60_000);
  const targets = (await (await api("/api/targets")).json()).items as { id: string; name: string; baseUrl: string }[];
  const sandbox = targets.find((t) => t.name === "Sandbox primary")!;
  // Targets with the policy: a healthy one, a flaky one and a failing one with a fallback.
  const make = async (name: string, model: string, fallbackTargetId: string | null = null) => {
    const res = await api("/api/targets", {
      method: "POST",
      json: { name, role: "primary", baseUrl: sandbox.baseUrl, model, credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "load", ...POLICY, fallbackTargetId },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const ok = await make("Load ok", "ok");
  const flaky = await make("Load flaky", "flaky-429-1");
  const failing = await make("Load 503", "always-503", ok);
  const ids = [ok, flaky, failing];

  // Packets to edit and export while the runs go on.
  const seed = await api("/api/runs?wait=true", { method: "POST", json: { targetId: ok, path: "happy" } });
  expect(seed.status).toBe(200);
  const seedRun = (await seed.json()) as { id: number };
  const packets: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await api("/api/packets", { method: "POST", json: { title: `Load packet ${i}`, runIds: [seedRun.id] } });
    expect(res.status).toBe(201);
    packets.push(((await res.json()) as { id: string }).id);
  }

  const rssBefore = server.rssMiB();
  let stop = false;
  const background: Promise<void>[] = [];
  const errors5xx: string[] = [];
  const loop = (fn: (i: number) => Promise<Response>) =>
    background.push(
      (async () => {
        for (let i = 0; !stop; i++) {
          const res = await fn(i).catch(() => null);
          if (res && res.status >= 500) errors5xx.push(`${res.url} ${res.status}`);
          await res?.arrayBuffer().catch(() => undefined);
        }
      })(),
    );
  for (let c = 0; c < 2; c++) loop(() => api("/api/runs?limit=50"));
  const editors = Number(process.env.LOAD_EDITORS ?? 2);
  for (const [n, id] of packets.entries()) for (let e = 0; e < editors; e++) {
    loop(async (i) => {
      // Edits race each other on purpose: stale revisions answer 409 and roll back.
      const current = (await (await api(`/api/packets/${id}`)).json()) as { revision: number };
      return api(`/api/packets/${id}`, { method: "PATCH", json: { revision: current.revision - (i % 3 === 0 ? 1 : 0), sections: { summary: `Edit ${n}.${i}` } } });
    });
    loop(() => api(`/api/packets/${id}/export?format=json`));
  }
  loop(() => api("/api/runs/export.csv"));

  const started = Date.now();
  const results = await Promise.all(
    Array.from({ length: RUNS }, async (_, i) => {
      const t0 = Date.now();
      const controller = new AbortController();
      // The watchdog's bound, so a hang fails the test instead of the suite.
      const timer = setTimeout(() => controller.abort(), RUN_BOUND_MS + 2_000);
      try {
        const res = await api("/api/runs?wait=true", { method: "POST", json: { targetId: ids[i % ids.length], path: "happy" }, signal: controller.signal });
        const body = (await res.json()) as { id?: number; state?: string };
        return { status: res.status, state: body.state, id: body.id, ms: Date.now() - t0 };
      } catch (err) {
        return { status: 0, state: `no answer (${(err as Error).name})`, id: undefined, ms: Date.now() - t0 };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  stop = true;
  await Promise.all(background);
  const rssAfter = server.rssMiB();

  const finished = results.filter((r) => r.status === 200 && (r.state === "done" || r.state === "failed"));
  const slowest = Math.max(...results.map((r) => r.ms));
  // Every run row in the database is final too (nothing left "running").
  const list = (await (await api("/api/runs?limit=200")).json()) as { items: { state: string }[] };
  const stillRunning = list.items.filter((r) => r.state === "running").length;
  const figures = { runsStarted: RUNS, runsFinished: finished.length, slowestMs: slowest, wallMs: Date.now() - started, rssBeforeMiB: rssBefore, rssAfterMiB: rssAfter, stillRunning, background5xx: errors5xx.length };
  console.log(`load-mixed figures: ${JSON.stringify(figures)}`);
  test.info().annotations.push({ type: "figures", description: JSON.stringify(figures) });

  if (finished.length < RUNS) {
    console.log(`server log tail: ${server.log().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 5_000));
    const later = (await (await api("/api/runs?limit=200")).json()) as { items: { id: number; state: string }[] };
    console.log(`5 s after the load stopped, still running: ${JSON.stringify(later.items.filter((r) => r.state === "running").map((r) => r.id))}`);
    const h = await api("/api/health");
    console.log(`health: ${h.status} ${await h.text()}`);
    const t0 = Date.now();
    const p = await api("/api/packets", { method: "POST", json: { title: "after load" }, signal: AbortSignal.timeout(10_000) }).then((r) => r.status).catch((e) => String(e));
    console.log(`a new packet write after the load: ${p} in ${Date.now() - t0} ms`);
  }
  expect(results.filter((r) => r.status !== 200), JSON.stringify(results.filter((r) => r.status !== 200))).toEqual([]);
  expect(finished.length).toBe(RUNS);
  expect(stillRunning).toBe(0);
  expect(errors5xx.slice(0, 5)).toEqual([]);
  expect(slowest).toBeLessThan(RUN_BOUND_MS);
});
