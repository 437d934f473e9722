import { authedRequest } from "@/tests/fixtures/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as targets from "@/app/api/targets/route";
import * as target from "@/app/api/targets/[id]/route";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";

// Issue 11 item 7 ("Safe to expose"): a target may name only an allowlisted
// credential variable and reach only destinations the egress policy allows.
// Real route handlers over a real migrated SQLite file. This file sets its own
// allowlists (no loopback), unlike the rest of the integration suite.
const saved = { allow: process.env.EVIDENCE_EGRESS_ALLOW, vars: process.env.EVIDENCE_CREDENTIAL_VARS };
process.env.EVIDENCE_EGRESS_ALLOW = "";
process.env.EVIDENCE_CREDENTIAL_VARS = "OPENAI_API_KEY";
resetEnvForTests();
afterAll(() => {
  process.env.EVIDENCE_EGRESS_ALLOW = saved.allow;
  process.env.EVIDENCE_CREDENTIAL_VARS = saved.vars;
  resetEnvForTests();
});

const ctx = <P,>(params: P) => ({ params: Promise.resolve(params) });
const noParams = ctx({} as Record<string, never>);
const post = (body: unknown) => targets.POST(authedRequest("http://test/api/targets", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }), noParams);
const patch = (id: string, body: unknown) =>
  target.PATCH(authedRequest(`http://test/api/targets/${id}`, { method: "PATCH", body: JSON.stringify(body), headers: { "content-type": "application/json" } }), ctx({ id }));

let n = 0;
const valid = () => ({ name: `Egress target ${++n}`, role: "primary", baseUrl: "https://api.openai.com/v1", model: "gpt-4o-mini", credentialEnvVar: "OPENAI_API_KEY", environmentLabel: "staging" });

/** Every spelling the issue names, each refused (metadata always; loopback because nothing is listed). */
const REFUSED_URLS = [
  "http://169.254.169.254/latest/meta-data",
  "http://2130706433/v1",
  "http://0x7f.1/v1",
  "http://127.1/v1",
  "http://0177.0.0.1/v1",
  "http://[::ffff:169.254.169.254]/v1",
  "http://[::ffff:127.0.0.1]/v1",
  "http://[fe80::1]/v1",
  "http://[fd00:ec2::254]/v1",
  "http://metadata.google.internal/computeMetadata/v1",
  "http://METADATA.google.internal./v1",
  "http://localhost:8080/v1",
  "http://10.1.2.3:8080/v1",
  "http://[::1]:8080/v1",
  "http://0.0.0.0:3000/v1",
];

async function expectRefused(res: Response, field: string) {
  expect(res.status).toBe(400);
  const body = await res.json();
  expect(body.error.code).toBe("bad_request");
  expect(typeof body.error.message).toBe("string");
  const issue = body.error.issues.find((i: { path: string }) => i.path === field);
  expect(issue, JSON.stringify(body)).toBeTruthy();
  return issue.message as string;
}

describe("credential variables come only from the allowlist", () => {
  it("refuses an unlisted variable on create, saying how to allow it", async () => {
    const message = await expectRefused(await post({ ...valid(), credentialEnvVar: "DATABASE_URL" }), "credentialEnvVar");
    expect(message).toContain("EVIDENCE_CREDENTIAL_VARS");
    expect(await db.target.count({ where: { credentialEnvVar: "DATABASE_URL" } })).toBe(0);
  });

  it("refuses an unlisted variable on update", async () => {
    const t = await (await post(valid())).json();
    await expectRefused(await patch(t.id, { credentialEnvVar: "AWS_SECRET_ACCESS_KEY" }), "credentialEnvVar");
    expect((await db.target.findUniqueOrThrow({ where: { id: t.id } })).credentialEnvVar).toBe("OPENAI_API_KEY");
  });

  it("answers the same for an unlisted variable that is set and one that is not: it never says which", async () => {
    process.env.EVIDENCE_TEST_UNLISTED_SET = "sk-unlisted-canary-value-000111";
    const set = await (await post({ ...valid(), credentialEnvVar: "EVIDENCE_TEST_UNLISTED_SET" })).json();
    const unset = await (await post({ ...valid(), credentialEnvVar: "EVIDENCE_TEST_UNLISTED_UNSET" })).json();
    expect(set.error.message).toBe(unset.error.message);
    expect(set.error.issues[0].message.replace("EVIDENCE_TEST_UNLISTED_SET", "X")).toBe(unset.error.issues[0].message.replace("EVIDENCE_TEST_UNLISTED_UNSET", "X"));
    delete process.env.EVIDENCE_TEST_UNLISTED_SET;
  });

  it("a listed variable and the sandbox's own are accepted", async () => {
    expect((await post(valid())).status).toBe(201);
    expect((await post({ ...valid(), credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY" })).status).toBe(201);
  });

  it("a stored target naming a now-unlisted variable still reads, and says the variable is not allowed (not whether it is set)", async () => {
    // DATABASE_URL is set in this process: the answer must not reveal it.
    const row = await db.target.create({ data: { ...valid(), credentialEnvVar: "DATABASE_URL", providerProfile: "openai-compatible", endpointFamily: "chat-completions", timeoutMs: 1000, maxTokens: 8, retryCeiling: 0, backoffBaseMs: 0, backoffMaxMs: 0, retryAfterCapMs: 0 } });
    const res = await target.GET(authedRequest(`http://test/api/targets/${row.id}`), ctx({ id: row.id }));
    expect(res.status).toBe(200);
    const t = await res.json();
    expect(t).toMatchObject({ credentialEnvVar: "DATABASE_URL", credentialSource: "not-allowed", credentialConfigured: false });
    const list = await (await targets.GET(authedRequest("http://test/api/targets"), noParams)).json();
    expect(list.items.find((x: { id: string }) => x.id === row.id).credentialSource).toBe("not-allowed");
    // Editing another field still saves; the variable stays refused if named again.
    expect((await patch(row.id, { timeoutMs: 2000 })).status).toBe(200);
  });
});

describe("egress policy on create and update", () => {
  it.each(REFUSED_URLS)("refuses %s on create, naming baseUrl", async (baseUrl) => {
    const message = await expectRefused(await post({ ...valid(), baseUrl }), "baseUrl");
    expect(message.length).toBeGreaterThan(20);
  });

  it.each(REFUSED_URLS)("refuses %s on update, naming baseUrl", async (baseUrl) => {
    const t = await (await post(valid())).json();
    await expectRefused(await patch(t.id, { baseUrl }), "baseUrl");
    expect((await db.target.findUniqueOrThrow({ where: { id: t.id } })).baseUrl).toBe("https://api.openai.com/v1");
  });

  it("says what a spelling means and how to allow a private address", async () => {
    const decimal = await expectRefused(await post({ ...valid(), baseUrl: "http://2130706433/v1" }), "baseUrl");
    expect(decimal).toContain("2130706433 is 127.0.0.1");
    expect(decimal).toContain("egress allow-list");
    const metadata = await expectRefused(await post({ ...valid(), baseUrl: "http://[::ffff:169.254.169.254]/v1" }), "baseUrl");
    expect(metadata).toMatch(/169\.254\.169\.254.*never/);
  });

  it("both fields refused at once are both named", async () => {
    const res = await post({ ...valid(), baseUrl: "http://169.254.169.254/v1", credentialEnvVar: "DATABASE_URL" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["baseUrl", "credentialEnvVar"]);
  });

  it("public hosts and the app's own sandbox are accepted", async () => {
    expect((await post({ ...valid(), baseUrl: "https://api.cometapi.com/v1" })).status).toBe(201);
    expect((await post({ ...valid(), baseUrl: "http://8.8.8.8/v1" })).status).toBe(201);
    expect((await post({ ...valid(), baseUrl: "http://127.0.0.1:3000/api/sandbox/v1" })).status).toBe(201);
  });
});

describe("the admin's allow-list opens private ranges, never metadata", () => {
  beforeAll(() => {
    process.env.EVIDENCE_EGRESS_ALLOW = "10.0.0.0/8,gateway.corp.example";
    resetEnvForTests();
  });
  afterAll(() => {
    process.env.EVIDENCE_EGRESS_ALLOW = "";
    resetEnvForTests();
  });

  it("a listed CIDR allows an internal gateway on 10.x; metadata stays refused", async () => {
    expect((await post({ ...valid(), baseUrl: "http://10.20.30.40:8080/v1" })).status).toBe(201);
    await expectRefused(await post({ ...valid(), baseUrl: "http://169.254.169.254/v1" }), "baseUrl");
    await expectRefused(await post({ ...valid(), baseUrl: "http://192.168.1.10/v1" }), "baseUrl");
  });
});
