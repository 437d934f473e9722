import { authedRequest } from "@/tests/fixtures/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runsRoute from "@/app/api/runs/route";
import * as rehearsalsRoute from "@/app/api/rehearsals/route";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";

// Issue 9.8: one key, one run. A repeat with the same Idempotency-Key gets
// the first request's run or rehearsal; the same key with another body is a
// 409 in the error envelope; keys expire after 24 h.
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
const noParams = { params: Promise.resolve({} as Record<string, never>) };
let targetId: string;

function post(route: typeof runsRoute | typeof rehearsalsRoute, url: string, body: unknown, key?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key !== undefined) headers["idempotency-key"] = key;
  return route.POST(authedRequest(`http://test${url}`, { method: "POST", body: JSON.stringify(body), headers }), noParams);
}

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  process.env.SANDBOX_BASE_URL = sandbox.baseUrl;
  resetEnvForTests();
  const t = await db.target.create({
    data: { name: "idem-target", role: "primary", baseUrl: sandbox.baseUrl, model: "slow-150", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "test" },
  });
  targetId = t.id;
}, 30_000);

afterAll(async () => {
  await sandbox?.stop();
});

describe("Idempotency-Key on POST /api/runs and /api/rehearsals", () => {
  it("two concurrent POST /api/runs with one key start one run and both answer with it", async () => {
    const before = await db.run.count();
    const [a, b] = await Promise.all([
      post(runsRoute, "/api/runs", { targetId, path: "happy" }, "run-key-1"),
      post(runsRoute, "/api/runs", { targetId, path: "happy" }, "run-key-1"),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const [ja, jb] = [await a.json(), await b.json()];
    expect(jb.id).toBe(ja.id);
    expect(await db.run.count()).toBe(before + 1);
    expect([a.headers.get("idempotent-replayed"), b.headers.get("idempotent-replayed")].sort()).toEqual(["false", "true"]);
    // a later repeat with ?wait=true waits for that same run
    const c = await post(runsRoute, "/api/runs?wait=true", { targetId, path: "happy" }, "run-key-1");
    expect(c.status).toBe(200);
    const run = await c.json();
    expect(run.id).toBe(ja.id);
    expect(run.state).toBe("done");
    expect(await db.run.count()).toBe(before + 1);
  });

  it("the same key with a different body is a 409 in the envelope; no key starts a run each time", async () => {
    await (await post(runsRoute, "/api/runs?wait=true", { targetId, path: "happy" }, "run-key-2")).json();
    const other = await post(runsRoute, "/api/runs", { targetId, path: "error", errorScenario: "missing_credential" }, "run-key-2");
    expect(other.status).toBe(409);
    const body = await other.json();
    expect(body.error.code).toBe("conflict");
    expect(body.error.issues[0].path).toBe("Idempotency-Key");
    const before = await db.run.count();
    const x = await (await post(runsRoute, "/api/runs", { targetId, path: "happy" })).json();
    const y = await (await post(runsRoute, "/api/runs", { targetId, path: "happy" })).json();
    expect(x.id).not.toBe(y.id);
    expect(await db.run.count()).toBe(before + 2);
  });

  it("a malformed key is a 400 naming the header; a failed start does not use the key up", async () => {
    const bad = await post(runsRoute, "/api/runs", { targetId, path: "happy" }, "x".repeat(300));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe("Idempotency-Key");
    const missing = await post(runsRoute, "/api/runs", { targetId: "no-such-target", path: "happy" }, "run-key-3");
    expect(missing.status).toBe(404);
    const ok = await post(runsRoute, "/api/runs", { targetId, path: "happy" }, "run-key-3");
    expect(ok.status).toBe(202);
  });

  it("rehearsals: a double submit starts one rehearsal; after 24 h the key starts a new one", async () => {
    const before = await db.rehearsal.count();
    const [a, b] = await Promise.all([
      post(rehearsalsRoute, "/api/rehearsals", { targetId }, "rh-key-1"),
      post(rehearsalsRoute, "/api/rehearsals", { targetId }, "rh-key-1"),
    ]);
    const [ja, jb] = [await a.json(), await b.json()];
    expect(jb.id).toBe(ja.id);
    expect(await db.rehearsal.count()).toBe(before + 1);
    const waited = await (await post(rehearsalsRoute, "/api/rehearsals?wait=true", { targetId }, "rh-key-1")).json();
    expect(waited).toMatchObject({ id: ja.id, state: "done" });
    // Past the window the key is free again.
    await db.idempotencyKey.updateMany({ where: { key: "rh-key-1" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const fresh = await (await post(rehearsalsRoute, "/api/rehearsals?wait=true", { targetId }, "rh-key-1")).json();
    expect(fresh.id).not.toBe(ja.id);
    expect(await db.rehearsal.count()).toBe(before + 2);
  });
});
