import { authedRequest } from "@/tests/fixtures/auth";
import { beforeAll, describe, expect, it } from "vitest";
import * as targets from "@/app/api/targets/route";
import * as target from "@/app/api/targets/[id]/route";
import * as health from "@/app/api/health/route";
import { seedSandboxTargets } from "@/lib/targets/seed";
import { db } from "@/lib/db";

const ctx = <P,>(params: P) => ({ params: Promise.resolve(params) });
const noParams = ctx({} as Record<string, never>);
const post = (body: string, type = "application/json") =>
  authedRequest("http://test/api/targets", { method: "POST", body, headers: { "content-type": type } });

const valid = {
  name: "CometAPI primary",
  role: "primary",
  baseUrl: "https://api.cometapi.com/v1",
  model: "gpt-4o-mini",
  credentialEnvVar: "COMETAPI_KEY_FOR_TEST",
  environmentLabel: "staging",
  providerProfile: "cometapi",
};

describe("targets API", () => {
  beforeAll(async () => {
    await seedSandboxTargets();
  });

  it("health reports the database and version", async () => {
    const res = await health.GET(authedRequest("http://test/api/health"), noParams);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", db: "ok", version: expect.any(String) });
  });

  it("seeding is idempotent: two sandbox targets, linked primary → fallback", async () => {
    await seedSandboxTargets();
    await seedSandboxTargets();
    const res = await targets.GET(authedRequest("http://test/api/targets"), noParams);
    const { items } = await res.json();
    const sandbox = items.filter((t: { isSandbox: boolean }) => t.isSandbox);
    expect(sandbox.map((t: { name: string }) => t.name).sort()).toEqual(["Sandbox fallback", "Sandbox primary"]);
    const primary = sandbox.find((t: { role: string }) => t.role === "primary");
    expect(primary.fallbackTargetName).toBe("Sandbox fallback");
    expect(primary.credentialConfigured).toBe(true);
    expect(primary.credentialSource).toBe("embedded-default");
  });

  it("an empty name is a 400 envelope naming the bad fields", async () => {
    const res = await targets.POST(post(JSON.stringify({ name: "" })), noParams);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("bad_request");
    expect(body.error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["name", "baseUrl", "model", "role"]));
  });

  it("a body that is not JSON is a 400, not a 500", async () => {
    const res = await targets.POST(post("{not json"), noParams);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("bad_request");
  });

  it("a wrong content type is a 415 envelope", async () => {
    const res = await targets.POST(post("name=x", "application/x-www-form-urlencoded"), noParams);
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe("unsupported_media_type");
  });

  it("creates, reads, patches and deletes a target; stores only the variable name", async () => {
    process.env.COMETAPI_KEY_FOR_TEST = "sk-canary-value-that-must-not-leak-0001";
    const created = await targets.POST(post(JSON.stringify(valid)), noParams);
    expect(created.status).toBe(201);
    const t = await created.json();
    expect(t).toMatchObject({ name: "CometAPI primary", credentialEnvVar: "COMETAPI_KEY_FOR_TEST", credentialConfigured: true, credentialSource: "environment" });
    expect(JSON.stringify(t)).not.toContain("sk-canary");

    const got = await target.GET(authedRequest(`http://test/api/targets/${t.id}`), ctx({ id: t.id }));
    expect((await got.json()).id).toBe(t.id);

    const patched = await target.PATCH(
      authedRequest(`http://test/api/targets/${t.id}`, { method: "PATCH", body: JSON.stringify({ timeoutMs: 5000, baseUrl: "http://gateway.internal:8080/v1" }), headers: { "content-type": "application/json" } }),
      ctx({ id: t.id }),
    );
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ timeoutMs: 5000, baseUrl: "http://gateway.internal:8080/v1", name: "CometAPI primary" });

    const row = await db.target.findUniqueOrThrow({ where: { id: t.id } });
    expect(JSON.stringify(row)).not.toContain("sk-canary");

    const del = await target.DELETE(authedRequest(`http://test/api/targets/${t.id}`, { method: "DELETE" }), ctx({ id: t.id }));
    expect(del.status).toBe(204);
    const gone = await target.GET(authedRequest(`http://test/api/targets/${t.id}`), ctx({ id: t.id }));
    expect(gone.status).toBe(404);
    expect((await gone.json()).error.code).toBe("not_found");
    delete process.env.COMETAPI_KEY_FOR_TEST;
  });

  it("a duplicate name is a 409 naming the field", async () => {
    const body = JSON.stringify({ ...valid, name: "Unique one" });
    expect((await targets.POST(post(body), noParams)).status).toBe(201);
    const dup = await targets.POST(post(body), noParams);
    expect(dup.status).toBe(409);
    expect((await dup.json()).error.issues[0].path).toBe("name");
  });

  it("refuses a self fallback, an unknown fallback and a fallback cycle", async () => {
    const a = await (await targets.POST(post(JSON.stringify({ ...valid, name: "A" })), noParams)).json();
    const b = await (await targets.POST(post(JSON.stringify({ ...valid, name: "B", fallbackTargetId: a.id })), noParams)).json();
    const patch = (id: string, body: unknown) =>
      target.PATCH(authedRequest(`http://test/api/targets/${id}`, { method: "PATCH", body: JSON.stringify(body), headers: { "content-type": "application/json" } }), ctx({ id }));
    const self = await patch(a.id, { fallbackTargetId: a.id });
    expect(self.status).toBe(400);
    const unknown = await patch(a.id, { fallbackTargetId: "nope" });
    expect(unknown.status).toBe(400);
    const cycle = await patch(a.id, { fallbackTargetId: b.id });
    expect(cycle.status).toBe(400);
    expect((await cycle.json()).error.issues[0].path).toBe("fallbackTargetId");
  });

  it("an unknown id is a 404 on PATCH and DELETE", async () => {
    const res = await target.PATCH(
      authedRequest("http://test/api/targets/missing", { method: "PATCH", body: "{}", headers: { "content-type": "application/json" } }),
      ctx({ id: "missing" }),
    );
    expect(res.status).toBe(404);
    expect((await target.DELETE(authedRequest("http://test/api/targets/missing"), ctx({ id: "missing" }))).status).toBe(404);
  });
});

describe("targets API and the secret guard (9.9)", () => {
  it("creates a target with a hyphenated name the guard used to refuse, and still refuses a pasted key", async () => {
    const ok = await targets.POST(post(JSON.stringify({ ...valid, name: "fid-2-H-stream-openai-compatible", model: "anthropic/claude-3-5-sonnet-20241022" })), noParams);
    expect(ok.status).toBe(201);
    expect((await ok.json()).name).toBe("fid-2-H-stream-openai-compatible");
    const key = await targets.POST(post(JSON.stringify({ ...valid, name: "sk-proj-Ab12Cd34Ef56Gh78Ij90KlMnOp12" })), noParams);
    expect(key.status).toBe(400);
    expect((await key.json()).error.issues.map((i: { path: string }) => i.path)).toEqual(["name"]);
  });
});
