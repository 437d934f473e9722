import { authedRequest } from "@/tests/fixtures/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runsRoute from "@/app/api/runs/route";
import * as targetsRoute from "@/app/api/targets/route";
import * as packetsRoute from "@/app/api/packets/route";
import * as exportRoute from "@/app/api/packets/[id]/export/route";
import * as summaryRoute from "@/app/api/history/summary/route";
import * as rehearsalsListRoute from "@/app/api/history/rehearsals/route";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { handleSandbox } from "@/lib/smoke/sandbox";
import { insertRun } from "@/tests/fixtures/runs";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";

const noParams = { params: Promise.resolve({} as Record<string, never>) };
const json = (url: string, body: unknown, method = "POST") =>
  authedRequest(`http://test${url}`, { method, body: JSON.stringify(body), headers: { "content-type": "application/json" } });
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  process.env.SANDBOX_BASE_URL = sandbox.baseUrl;
  resetEnvForTests();
}, 30_000);
afterAll(async () => sandbox?.stop());

describe("secret-like text cannot enter a record or leave in an export", () => {
  it("run notes with a key are refused, naming the field", async () => {
    const t = await db.target.create({ data: { name: "notes-t", role: "primary", baseUrl: sandbox.baseUrl, model: "ok", environmentLabel: "x", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY" } });
    const res = await runsRoute.POST(json("/api/runs?wait=true", { targetId: t.id, path: "happy", notes: "key sk-proj-Ab12Cd34Ef56Gh78Ij90KlMn" }), noParams);
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues[0].path).toBe("notes");
  });

  it("a target name, model or label holding a key is refused", async () => {
    const res = await targetsRoute.POST(
      json("/api/targets", { name: "gw sk-live-abcdefghij1234567890", role: "primary", baseUrl: "https://x.example/v1", model: "m", environmentLabel: "staging" }),
      noParams,
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(["name"]);
  });

  it("an export of a packet whose record holds secret-like text is refused (409), not frozen", async () => {
    const run = await insertRun({ notes: "pasted Bearer abcdEFGH1234ijklMNOP by mistake" });
    const created = await packetsRoute.POST(json("/api/packets", { title: "Leaky", runIds: [run.id] }), noParams);
    const packet = await created.json();
    const res = await exportRoute.GET(authedRequest(`http://test/api/packets/${packet.id}/export?format=md`), { params: Promise.resolve({ id: packet.id }) });
    expect(res.status).toBe(409);
    expect(await res.text()).not.toContain("abcdEFGH1234ijklMNOP");
    expect(await db.packetVersion.count({ where: { packetId: packet.id } })).toBe(0);
  });
});

describe("client mistakes are 4xx, never 500", () => {
  it("a `to` date at the end of the calendar is a 400 on every filtered endpoint", async () => {
    for (const call of [
      () => runsRoute.GET(authedRequest("http://test/api/runs?to=9999-12-31"), noParams),
      () => summaryRoute.GET(authedRequest("http://test/api/history/summary?to=9999-12-31"), noParams),
      () => rehearsalsListRoute.GET(authedRequest("http://test/api/history/rehearsals?to=9999-12-31"), noParams),
    ]) {
      const res = await call();
      expect(res.status).toBe(400);
      expect((await res.json()).error.issues[0].path).toBe("to");
    }
  });

  it("replayStatus outside the replay_status scenario is refused", async () => {
    const res = await runsRoute.POST(json("/api/runs", { targetId: "x", path: "happy", replayStatus: 503 }), noParams);
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues[0].path).toBe("replayStatus");
  });

  it("the sandbox answers a null body with a 400 and status-204 with an empty 204", async () => {
    const headers = { "content-type": "application/json", authorization: "Bearer k" };
    const nullBody = await handleSandbox(authedRequest("http://s/v1/chat/completions", { method: "POST", body: "null", headers }), "chat/completions");
    expect(nullBody.status).toBe(400);
    const noContent = await handleSandbox(
      authedRequest("http://s/v1/chat/completions", { method: "POST", body: JSON.stringify({ model: "status-204", messages: [{ role: "user", content: "x" }] }), headers }),
      "chat/completions",
    );
    expect(noContent.status).toBe(204);
    expect(await noContent.text()).toBe("");
  });
});

describe("provider profile rules that mean a wrong configuration never fall back", () => {
  it("CometAPI: an HTML page on a 2xx is a wrong path — manual_hold even with a healthy fallback", async () => {
    const fb = await db.target.create({ data: { name: "comet-fb", role: "fallback", baseUrl: sandbox.baseUrl, model: "ok", environmentLabel: "x", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY" } });
    const t = await db.target.create({
      data: { name: "comet-html", role: "primary", providerProfile: "cometapi", baseUrl: sandbox.baseUrl, model: "html-200", environmentLabel: "x", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", fallbackTargetId: fb.id },
    });
    const res = await runsRoute.POST(json("/api/runs?wait=true", { targetId: t.id, path: "happy" }), noParams);
    const run = await res.json();
    expect(run.record).toMatchObject({ http_status_code: 200, retry_attempts: 0, fallback_decision: "manual_hold" });
    expect(run.attempts).toHaveLength(1);
    expect(run.attempts[0]).toMatchObject({ decision: "stop", decisionRule: "cometapi: cometapi:wrong-path-html" });
  });
});
