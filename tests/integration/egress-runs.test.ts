import type { LookupAddress } from "node:dns";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { setEgressResolverForTests } from "@/lib/smoke/egress-fetch";
import { resilience } from "@/lib/smoke/resilience";
import { startSandboxServer } from "@/lib/smoke/sandbox-server";
import { runAndWait } from "@/tests/fixtures/engine";
import type { RunJson } from "@/lib/smoke/schema";

// Issue 11 item 7: the egress policy is checked on the *resolved* address at
// every attempt, so DNS cannot move an allowed name onto an internal address.
// A test resolver stands in for DNS; a real sandbox server on 127.0.0.1 counts
// every TCP connection it accepts — the proof that a refused attempt made none.
const saved = { allow: process.env.EVIDENCE_EGRESS_ALLOW, vars: process.env.EVIDENCE_CREDENTIAL_VARS };
// Only names are listed, no loopback CIDR: an unlisted name that resolves to 127.0.0.1 is refused.
process.env.EVIDENCE_EGRESS_ALLOW = "gateway.test,rebind.test,multi.test";
process.env.EVIDENCE_CREDENTIAL_VARS = "EGRESS_TEST_KEY";
process.env.EGRESS_TEST_KEY = "sk-egress-test-canary-value-0042";
resetEnvForTests();

let sandbox: Awaited<ReturnType<typeof startSandboxServer>>;
let connections = 0;
let authorizations: string[] = [];
/** What each name resolves to, per call (the last entry repeats). */
let answers: Record<string, string[][]> = {};
const calls: Record<string, number> = {};

beforeAll(async () => {
  sandbox = await startSandboxServer(0, "127.0.0.1");
  sandbox.server.on("connection", () => connections++);
  sandbox.server.on("request", (req) => authorizations.push(String(req.headers.authorization ?? "")));
  setEgressResolverForTests(async (host): Promise<LookupAddress[]> => {
    const list = answers[host];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    const i = Math.min(calls[host] ?? 0, list.length - 1);
    calls[host] = (calls[host] ?? 0) + 1;
    return list[i].map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  });
});

afterAll(async () => {
  setEgressResolverForTests(null);
  await sandbox.close();
  process.env.EVIDENCE_EGRESS_ALLOW = saved.allow;
  process.env.EVIDENCE_CREDENTIAL_VARS = saved.vars;
  delete process.env.EGRESS_TEST_KEY;
  resetEnvForTests();
});

beforeEach(() => {
  resilience.resetForTests();
  authorizations = [];
  for (const k of Object.keys(calls)) delete calls[k];
});

async function target(host: string, extra: Record<string, unknown> = {}) {
  const port = new URL(sandbox.origin).port;
  return db.target.create({
    data: {
      name: `egress-${host}-${Math.random().toString(36).slice(2, 8)}`,
      role: "primary",
      baseUrl: `http://${host}:${port}/v1`,
      model: "ok",
      credentialEnvVar: "EGRESS_TEST_KEY",
      environmentLabel: "test",
      timeoutMs: 2000,
      retryCeiling: 2,
      backoffBaseMs: 1,
      backoffMaxMs: 2,
      retryAfterCapMs: 1000,
      ...extra,
    },
  });
}

const run = runAndWait;

function expectNotSent(r: RunJson, words: RegExp) {
  expect(r.record.operator_result).toBe("fail");
  expect(r.record.http_status_family).toBe("none");
  expect(r.record.http_status_code).toBeNull();
  expect(r.record.retry_attempts).toBe(0);
  expect(r.record.fallback_decision).toBe("manual_hold");
  expect(r.record.response_object_family).toBe("not_sent");
  expect(r.attempts).toHaveLength(1);
  expect(r.attempts[0]).toMatchObject({ statusCode: null, statusFamily: "none", decision: "stop" });
  expect(r.record.sanitized_error_summary).toMatch(/^request not sent: /);
  expect(r.record.sanitized_error_summary).toMatch(words);
  // Calm words: no provider status, no claim about the provider.
  expect(r.record.sanitized_error_summary).not.toMatch(/\b(5\d\d|4\d\d|outage|down|unavailable)\b/i);
}

describe("egress is checked on the resolved address at every attempt", () => {
  it("control: a listed name that resolves to the sandbox is sent (one connection)", async () => {
    answers = { "gateway.test": [["127.0.0.1"]] };
    const before = connections;
    const t = await target("gateway.test");
    const r = await run(t.id);
    expect(r.record.operator_result).toBe("pass");
    expect(connections).toBeGreaterThan(before);
  });

  it("the same listed name moved onto 169.254.169.254 is refused: not sent, no connection", async () => {
    answers = { "gateway.test": [["169.254.169.254"]] };
    const t = await target("gateway.test");
    const before = connections;
    const r = await run(t.id);
    expectNotSent(r, /egress policy refused the resolved address of gateway\.test: 169\.254\.169\.254 is link-local \/ cloud metadata/);
    expect(r.record.client_error_class).toBe("EgressRefusedError");
    expect(r.attempts[0].errorType).toBe("egress_refused");
    expect(connections).toBe(before);
  });

  it("a name that passes the pre-check but resolves to metadata when connecting is refused by the connection's own lookup", async () => {
    // First resolution (the pre-check) says loopback; the second (the socket's lookup) says metadata.
    answers = { "rebind.test": [["127.0.0.1"], ["169.254.169.254"]] };
    const t = await target("rebind.test", { retryCeiling: 0 });
    const before = connections;
    const r = await run(t.id);
    expect(calls["rebind.test"]).toBe(2);
    expectNotSent(r, /resolved address of rebind\.test: 169\.254\.169\.254/);
    expect(connections).toBe(before);
  });

  it("a name with one reachable and one metadata address is refused whole (nothing connects)", async () => {
    answers = { "multi.test": [["127.0.0.1", "169.254.169.254"]] };
    const t = await target("multi.test");
    const before = connections;
    const r = await run(t.id);
    expectNotSent(r, /169\.254\.169\.254/);
    expect(connections).toBe(before);
  });

  it("an unlisted name that resolves to loopback or an IPv4-mapped metadata address is refused", async () => {
    answers = { "public-looking.example": [["127.0.0.1"]], "mapped.example": [["::ffff:169.254.169.254"]] };
    const before = connections;
    const a = await run((await target("public-looking.example")).id);
    expectNotSent(a, /127\.0\.0\.1 is a loopback address; .*allow-list/);
    const b = await run((await target("mapped.example")).id);
    expectNotSent(b, /169\.254\.169\.254 is link-local/);
    expect(connections).toBe(before);
  });

  it("a refusal is not an availability failure: the fallback is not used", async () => {
    answers = { "gateway.test": [["169.254.169.254"]] };
    const fb = await target("fallback-ok.test");
    answers["fallback-ok.test"] = [["127.0.0.1"]];
    const t = await target("gateway.test", { fallbackTargetId: fb.id });
    const before = connections;
    const r = await run(t.id);
    expect(r.record.fallback_decision).toBe("manual_hold");
    expect(r.attempts.map((a) => a.role)).toEqual(["primary"]);
    expect(connections).toBe(before);
  });
});

describe("a stored target naming a credential variable that is no longer allowed", () => {
  it("records not sent: credential variable not allowed, and sends nothing", async () => {
    answers = { "gateway.test": [["127.0.0.1"]] };
    // DATABASE_URL is set in this process; a run must neither send it nor say so.
    const t = await target("gateway.test", { credentialEnvVar: "DATABASE_URL" });
    const before = connections;
    for (const body of [{ path: "happy" }, { path: "error", errorScenario: "missing_credential" }, { path: "error", errorScenario: "replay_status", replayStatus: 503 }]) {
      const r = await run(t.id, body);
      expectNotSent(r, /request not sent: the credential variable DATABASE_URL is not allowed/);
      expect(r.record.client_error_class).toBe("CredentialNotAllowedError");
      expect(r.credentialConfigured).toBe(false);
      expect(JSON.stringify(r)).not.toContain(process.env.DATABASE_URL!);
    }
    expect(connections).toBe(before);
    expect(authorizations).toEqual([]);
  });
});
