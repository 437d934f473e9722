import { authedRequest, cookieHeader } from "@/tests/fixtures/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as channelsRoute from "@/app/api/notifications/channels/route";
import * as channelRoute from "@/app/api/notifications/channels/[id]/route";
import * as testRoute from "@/app/api/notifications/channels/[id]/test/route";
import * as rulesRoute from "@/app/api/notifications/rules/route";
import * as ruleRoute from "@/app/api/notifications/rules/[id]/route";
import * as deliveriesRoute from "@/app/api/notifications/deliveries/route";
import * as packetsRoute from "@/app/api/packets/route";
import * as packetRoute from "@/app/api/packets/[id]/route";
import * as statusRoute from "@/app/api/packets/[id]/status/route";
import * as shareRoute from "@/app/api/packets/[id]/share/route";
import * as pageRoute from "@/app/p/[token]/route";
import { auth } from "@/lib/auth/auth";
import { createUserFromShell } from "@/lib/auth/users";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { enqueue } from "@/lib/notify/outbox";
import { listenForBreakerOpenings, notifyScheduledRehearsalResult } from "@/lib/notify/events";
import { BREAKER_THRESHOLD, resilience } from "@/lib/smoke/resilience";
import { deliverDue, foldQuietPeriods, reclaimAbandoned, retryDelayMs, sweepUnreviewed, workOnce } from "@/lib/notify/worker";
import { flushViews } from "@/lib/packets/share";
import { insertRun } from "@/tests/fixtures/runs";
import { startReceiver, type Receiver } from "@/tests/fixtures/notify-receiver";

// Issue 16 items 1–3 in-process, on both engines: the API (admin only,
// audited, 400 shape), the outbox rows written by the events' own
// transactions (packet ready, a share link's first view, the unreviewed
// sweep), the quiet period's one summary, the worker's claim (never twice),
// retries with backoff and Retry-After, no retry of a 4xx. Delivery goes to a
// real HTTP receiver on loopback that checks the signature.
const SECRET = "whsec_outbox_test_0123456789abcdef";
const saved = { ...process.env };
process.env.NOTIFY_OUTBOX_SECRET = SECRET;
process.env.NOTIFICATIONS_BACKOFF_BASE_MS = "20";
process.env.NOTIFICATIONS_BACKOFF_MAX_MS = "80";
process.env.NOTIFICATIONS_QUIET_MINUTE_MS = "2000";
delete process.env.SMTP_URL;
resetEnvForTests();
afterAll(() => {
  for (const k of ["NOTIFY_OUTBOX_SECRET", "NOTIFICATIONS_BACKOFF_BASE_MS", "NOTIFICATIONS_BACKOFF_MAX_MS", "NOTIFICATIONS_QUIET_MINUTE_MS"]) delete process.env[k];
  if (saved.SMTP_URL) process.env.SMTP_URL = saved.SMTP_URL;
  resetEnvForTests();
});

const ctx = <P,>(params: P) => ({ params: Promise.resolve(params) });
const noParams = ctx({} as Record<string, never>);
const req = (url: string, method = "GET", body?: unknown, cookie?: string) =>
  authedRequest(`http://test${url}`, { method, ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) } } : cookie ? { headers: { cookie } } : {}) });

async function newChannel(body: unknown) {
  const res = await channelsRoute.POST(req("/api/notifications/channels", "POST", body), noParams);
  return { status: res.status, body: await res.json() };
}
async function newRule(body: unknown) {
  const res = await rulesRoute.POST(req("/api/notifications/rules", "POST", body), noParams);
  return { status: res.status, body: await res.json() };
}

let receiver: Receiver;
const answers: number[] = [];
beforeAll(async () => {
  receiver = await startReceiver({ secret: SECRET, respond: () => ({ status: answers.shift() ?? 200, headers: { "retry-after": "0" } }) });
});
afterAll(() => receiver.close());

/** Runs the worker until nothing is due (retries wait a few ms). */
async function drain(rounds = 30) {
  for (let i = 0; i < rounds; i++) {
    await workOnce();
    const due = await db.notifyDelivery.count({ where: { status: { in: ["pending", "sending"] } } });
    if (!due) return;
    await new Promise((r) => setTimeout(r, 40));
  }
}

describe("notification API", () => {
  it("admins create, read, change and delete channels and rules; each change is audited in the same transaction", async () => {
    const hook = await newChannel({ kind: "webhook", name: "Ops hook", url: receiver.url, signingSecretEnv: "NOTIFY_OUTBOX_SECRET" });
    expect(hook.status).toBe(201);
    expect(hook.body.channel).toMatchObject({ kind: "webhook", name: "Ops hook", url: receiver.url, signingSecretEnv: "NOTIFY_OUTBOX_SECRET", enabled: true, configured: true, missing: [], lastDelivery: null });
    const mail = await newChannel({ kind: "email", name: "Leads", to: ["lead@example.com"] });
    expect(mail.body.channel).toMatchObject({ kind: "email", to: ["lead@example.com"], configured: false, missing: ["SMTP_URL"] });
    const slack = await newChannel({ kind: "slack", name: "Slack", urlEnv: "NOTIFY_SLACK_UNSET" });
    expect(slack.body.channel).toMatchObject({ configured: false, missing: ["NOTIFY_SLACK_UNSET"] });

    const renamed = await channelRoute.PATCH(req(`/api/notifications/channels/${mail.body.channel.id}`, "PATCH", { name: "Team leads", enabled: false }), ctx({ id: mail.body.channel.id }));
    expect((await renamed.json()).channel).toMatchObject({ name: "Team leads", enabled: false });
    const rule = await newRule({ event: "packet_ready", channelIds: [hook.body.channel.id, mail.body.channel.id] });
    expect(rule.status).toBe(201);
    expect(rule.body.rule).toMatchObject({ event: "packet_ready", quietPeriodMinutes: 30, unreviewedDays: 3, enabled: true });
    expect(rule.body.rule.channelIds).toEqual([hook.body.channel.id, mail.body.channel.id].sort());
    const changed = await ruleRoute.PATCH(req(`/api/notifications/rules/${rule.body.rule.id}`, "PATCH", { channelIds: [hook.body.channel.id], quietPeriodMinutes: 0 }), ctx({ id: rule.body.rule.id }));
    expect((await changed.json()).rule).toMatchObject({ channelIds: [hook.body.channel.id], quietPeriodMinutes: 0 });

    const list = await (await channelsRoute.GET(req("/api/notifications/channels"), noParams)).json();
    expect(list.channels.map((c: { name: string }) => c.name)).toEqual(["Ops hook", "Team leads", "Slack"]);
    expect((await channelRoute.DELETE(req(`/api/notifications/channels/${slack.body.channel.id}`, "DELETE"), ctx({ id: slack.body.channel.id }))).status).toBe(204);
    expect((await (await rulesRoute.GET(req("/api/notifications/rules"), noParams)).json()).rules).toHaveLength(1);

    const actions = (await db.auditEvent.findMany({ where: { action: { startsWith: "notify." } }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["notify.channel.create", "notify.channel.create", "notify.channel.create", "notify.channel.update", "notify.rule.create", "notify.rule.update", "notify.channel.delete"]);
    const details = (await db.auditEvent.findMany({ where: { action: { startsWith: "notify." } } })).map((a) => a.detail).join(" ");
    expect(details).not.toContain(SECRET);
  });

  it("400 with the error shape for bad input; a secret must be a NOTIFY_ variable name, never a value", async () => {
    const cases: [unknown, string][] = [
      [{ kind: "webhook", name: "x", url: "ftp://example.com", signingSecretEnv: "NOTIFY_A" }, "url"],
      [{ kind: "webhook", name: "x", url: "https://user:pw@example.com/h", signingSecretEnv: "NOTIFY_A" }, "url"],
      [{ kind: "webhook", name: "x", url: "https://example.com/h", signingSecretEnv: "whsec_live_value" }, "signingSecretEnv"],
      [{ kind: "webhook", name: "x", url: "https://example.com/h", signingSecretEnv: "DATABASE_URL" }, "signingSecretEnv"],
      [{ kind: "slack", name: "x", urlEnv: "BETTER_AUTH_SECRET" }, "urlEnv"],
      [{ kind: "email", name: "x", to: [] }, "to"],
      [{ kind: "email", name: "x", to: ["not-an-address"] }, "to.0"],
      [{ kind: "pager", name: "x" }, "kind"],
      // The egress policy (decision 060): cloud metadata never; a private address only when listed (tests list 127.0.0.1/32 only).
      [{ kind: "webhook", name: "x", url: "http://169.254.169.254/latest", signingSecretEnv: "NOTIFY_A" }, "url"],
      [{ kind: "webhook", name: "x", url: "http://10.1.2.3/hook", signingSecretEnv: "NOTIFY_A" }, "url"],
    ];
    for (const [body, path] of cases) {
      const res = await newChannel(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("bad_request");
      expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    const hook = (await db.notifyChannel.findFirstOrThrow({ where: { kind: "webhook" } })).id;
    const wrongKind = await channelRoute.PATCH(req(`/api/notifications/channels/${hook}`, "PATCH", { to: ["a@example.com"] }), ctx({ id: hook }));
    expect(wrongKind.status).toBe(400);
    expect((await newRule({ event: "packet_ready", channelIds: ["nope"] })).status).toBe(400);
    expect((await newRule({ event: "nothing", channelIds: [] })).status).toBe(400);
    expect((await newRule({ event: "rehearsal_unreviewed", unreviewedDays: 0 })).body.error.issues[0].path).toBe("unreviewedDays");
    expect((await newRule({ event: "breaker_opened", quietPeriodMinutes: 1441 })).body.error.issues[0].path).toBe("quietPeriodMinutes");
    expect((await channelRoute.GET(req("/api/notifications/channels/nope"), ctx({ id: "nope" }))).status).toBe(404);
  });

  it("operators and viewers get 403 on every notification route", async () => {
    for (const role of ["operator", "viewer"] as const) {
      const email = `${role}-notify@test.local`;
      await createUserFromShell({ name: role, email, password: "a-long-password-1", role });
      const cookie = cookieHeader(await auth.api.signInEmail({ body: { email, password: "a-long-password-1" }, asResponse: true }));
      const as = (url: string, method = "GET", body?: unknown) => new Request(`http://test${url}`, { method, headers: { cookie, "content-type": "application/json", origin: "http://test" }, ...(body ? { body: JSON.stringify(body) } : {}) });
      expect((await channelsRoute.GET(as("/api/notifications/channels"), noParams)).status).toBe(403);
      expect((await channelsRoute.POST(as("/api/notifications/channels", "POST", { kind: "email", name: "n", to: ["a@example.com"] }), noParams)).status).toBe(403);
      expect((await rulesRoute.GET(as("/api/notifications/rules"), noParams)).status).toBe(403);
      expect((await deliveriesRoute.GET(as("/api/notifications/deliveries"), noParams)).status).toBe(403);
      expect((await testRoute.POST(as("/api/notifications/channels/x/test", "POST"), ctx({ id: "x" }))).status).toBe(403);
    }
  });
});

describe("outbox and worker", () => {
  let hookId: string;
  let packetId: string;
  beforeAll(async () => {
    hookId = (await db.notifyChannel.findFirstOrThrow({ where: { name: "Ops hook" } })).id;
    const r = await db.rehearsal.create({ data: { targetName: "Sandbox primary", errorScenario: "missing_credential", state: "done" } });
    await insertRun({ rehearsalId: r.id });
    await insertRun(
      { rehearsalId: r.id, path: "error", errorScenario: "missing_credential", httpStatusCode: 401, httpStatusFamily: "4xx", clientErrorClass: "AuthenticationError", fallbackDecision: "manual_hold", sanitizedErrorSummary: "401 invalid_api_key" },
      [{ statusCode: 401, statusFamily: "4xx", decision: "stop" }],
    );
    const p = await (await packetsRoute.POST(req("/api/packets", "POST", { title: "Notify packet", rehearsalId: r.id }), noParams)).json();
    packetId = p.id;
    await packetRoute.PATCH(
      req(`/api/packets/${p.id}`, "PATCH", {
        revision: p.revision,
        sections: {
          summary: "Summary.",
          notVerified: { ...p.sections.notVerified, items: p.sections.notVerified.items.map((i: object, n: number) => ({ ...i, confirmed: n === 0 })) },
          sourcesChecked: p.sections.sourcesChecked.map((x: object) => ({ ...x, confirmed: true, accessed: "2026-11-30" })),
        },
      }),
      ctx({ id: p.id }),
    );
  });

  it("a packet marked ready writes its message with the change, and the worker sends it signed (Stripe-style) once", async () => {
    const res = await statusRoute.POST(req(`/api/packets/${packetId}/status`, "POST", { status: "ready" }), ctx({ id: packetId }));
    expect(res.status).toBe(200);
    const rows = await db.notifyDelivery.findMany({ where: { event: "packet_ready" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channelId: hookId, status: "pending", subject: "Packet ready: Notify packet" });
    // Marking ready again is no change: no second message.
    await statusRoute.POST(req(`/api/packets/${packetId}/status`, "POST", { status: "ready" }), ctx({ id: packetId }));
    expect(await db.notifyDelivery.count({ where: { event: "packet_ready" } })).toBe(1);

    await drain();
    const got = receiver.received.filter((r) => r.event === "packet_ready");
    expect(got).toHaveLength(1);
    expect(got[0].signatureValid).toBe(true);
    expect(got[0].deliveryId).toBe(rows[0].id);
    expect(got[0].body).toMatchObject({ schemaVersion: 1, id: rows[0].id, event: "packet_ready", subject: "Packet ready: Notify packet", verdict: "ready", data: { packetId, packetTitle: "Notify packet" } });
    expect((got[0].body.links as { app: string }).app).toMatch(new RegExp(`/packets/${packetId}$`));
    const log = await (await deliveriesRoute.GET(req(`/api/notifications/deliveries?channelId=${hookId}`), noParams)).json();
    expect(log.deliveries[0]).toMatchObject({ id: rows[0].id, status: "delivered", attempts: 1, lastError: null, channelName: "Ops hook" });
  });

  it("a share link's first view notifies once, however many views and flushes follow", async () => {
    await newRule({ event: "share_link_first_opened", channelIds: [hookId], quietPeriodMinutes: 0 });
    const link = await (await shareRoute.POST(req(`/api/packets/${packetId}/share`, "POST", { expiresInHours: 24 }), ctx({ id: packetId }))).json();
    const token = link.path.slice(3);
    await Promise.all([0, 1, 2].map(() => pageRoute.GET(req(`/p/${token}`), ctx({ token }))));
    await flushViews();
    await pageRoute.GET(req(`/p/${token}`), ctx({ token }));
    await flushViews();
    const rows = await db.notifyDelivery.findMany({ where: { event: "share_link_first_opened" } });
    expect(rows).toHaveLength(1);
    expect((await db.shareLink.findUniqueOrThrow({ where: { id: link.id } })).viewCount).toBe(4);
    expect(await db.auditEvent.count({ where: { action: "share_link_first_view", subjectId: link.id } })).toBe(1);
    await drain();
    const got = receiver.received.filter((r) => r.event === "share_link_first_opened");
    expect(got.map((r) => r.deliveryId)).toEqual([rows[0].id]);
    expect(got[0].body).toMatchObject({ event: "share_link_first_opened", data: { packetId, shareLinkId: link.id } });
  });

  it("retries 503 with backoff (Retry-After honoured) until it is delivered; a 400 is not retried", async () => {
    receiver.received.length = 0;
    answers.push(503, 503);
    const test = await testRoute.POST(req(`/api/notifications/channels/${hookId}/test`, "POST"), ctx({ id: hookId }));
    expect(test.status).toBe(202);
    const { delivery } = await test.json();
    expect(delivery).toMatchObject({ event: "test", status: "pending", attempts: 0 });
    await drain();
    const row = await db.notifyDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(row).toMatchObject({ status: "delivered", attempts: 3 });
    expect(receiver.received.map((r) => r.deliveryId)).toEqual([delivery.id, delivery.id, delivery.id]);
    expect(await db.auditEvent.count({ where: { action: "notify.test", subjectId: hookId } })).toBe(1);

    answers.push(400);
    const bad = (await (await testRoute.POST(req(`/api/notifications/channels/${hookId}/test`, "POST"), ctx({ id: hookId }))).json()).delivery;
    await drain();
    expect(await db.notifyDelivery.findUniqueOrThrow({ where: { id: bad.id } })).toMatchObject({ status: "failed", attempts: 1, lastError: "HTTP 400" });

    answers.push(500, 500, 500, 500, 500, 500);
    const down = (await (await testRoute.POST(req(`/api/notifications/channels/${hookId}/test`, "POST"), ctx({ id: hookId }))).json()).delivery;
    await drain(60);
    expect(await db.notifyDelivery.findUniqueOrThrow({ where: { id: down.id } })).toMatchObject({ status: "failed", attempts: 6, lastError: "HTTP 500" });
  });

  it("the backoff grows, is capped, never waits less than the base, and honours Retry-After", () => {
    for (let n = 1; n <= 8; n++) {
      const d = retryDelayMs(n, undefined, 1000, 30_000);
      expect(d).toBeGreaterThanOrEqual(1000);
      expect(d).toBeLessThanOrEqual(30_000);
    }
    expect(retryDelayMs(1, 20_000, 1000, 30_000)).toBeGreaterThanOrEqual(20_000);
  });

  it("a quiet period sends the first event, holds the rest as suppressed and sends one summary when it ends", async () => {
    receiver.received.length = 0;
    const rule = (await newRule({ event: "breaker_opened", channelIds: [hookId], quietPeriodMinutes: 1 })).body.rule;
    const open = (n: number) =>
      db.$transaction((tx) => enqueue(tx, { event: "breaker_opened", subjectKey: "target-flappy", subject: `Breaker opened on Flappy (${n})`, verdict: "open", data: { targetId: "target-flappy", targetName: "Flappy" } }));
    for (let n = 1; n <= 4; n++) expect(await open(n)).toBe(1);
    // Another target has its own quiet period.
    await db.$transaction((tx) => enqueue(tx, { event: "breaker_opened", subjectKey: "target-other", subject: "Breaker opened on Other", data: {} }));
    const rows = await db.notifyDelivery.findMany({ where: { ruleId: rule.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => r.status)).toEqual(["pending", "suppressed", "suppressed", "suppressed", "pending"]);
    await deliverDue();
    expect(receiver.received).toHaveLength(2);
    // Two folds at once (two instances) still make one summary.
    expect(await foldQuietPeriods()).toBe(0);
    await new Promise((r) => setTimeout(r, Math.max(0, rows[0].createdAt.getTime() + 2050 - Date.now())));
    const folded = await Promise.all([foldQuietPeriods(), foldQuietPeriods()]);
    expect(folded[0] + folded[1]).toBe(1);
    await deliverDue();
    expect(receiver.received).toHaveLength(3);
    const summary = receiver.received[2].body as { subject: string; data: { count: number; summary: boolean } };
    expect(summary.subject).toMatch(/^3 more since \d\d:\d\d UTC: Breaker opened on Flappy \(1\)$/);
    expect(summary.data).toMatchObject({ summary: true, count: 3, targetName: "Flappy" });
    expect(await db.notifyDelivery.count({ where: { ruleId: rule.id, status: "suppressed", summaryId: null } })).toBe(0);
    // After the period a new event is sent again (and opens a new period).
    expect(await open(5)).toBe(1);
    expect((await db.notifyDelivery.findFirstOrThrow({ where: { ruleId: rule.id, subject: "Breaker opened on Flappy (5)" } })).status).toBe("pending");
    await ruleRoute.DELETE(req(`/api/notifications/rules/${rule.id}`, "DELETE"), ctx({ id: rule.id }));
    await db.notifyDelivery.deleteMany({ where: { status: "pending" } });
  });

  it("two workers claiming at once send every row exactly once", async () => {
    receiver.received.length = 0;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await (await testRoute.POST(req(`/api/notifications/channels/${hookId}/test`, "POST"), ctx({ id: hookId }))).json()).delivery.id);
    await Promise.all([deliverDue(), deliverDue(), deliverDue()]);
    await drain();
    const counts = receiver.counts();
    expect(ids.map((id) => counts.get(id))).toEqual(ids.map(() => 1));
  });

  it("a rehearsal left unreviewed for the rule's days fires once per (rule, rehearsal)", async () => {
    const rule = (await newRule({ event: "rehearsal_unreviewed", channelIds: [hookId], unreviewedDays: 2, quietPeriodMinutes: 0 })).body.rule;
    const now = new Date();
    const finished = new Date(now.getTime() - 60_000);
    const r = await db.rehearsal.create({ data: { targetName: "Sandbox primary", errorScenario: "missing_credential", state: "done", finishedAt: finished } });
    const reviewed = await db.rehearsal.create({ data: { targetName: "Sandbox primary", errorScenario: "missing_credential", state: "done", finishedAt: finished, reviewedAt: now } });
    expect(await sweepUnreviewed(now)).toBe(0);
    const later = new Date(finished.getTime() + 2 * 86_400_000 + 1000);
    expect(await sweepUnreviewed(later)).toBe(1);
    const again = await Promise.all([sweepUnreviewed(later), sweepUnreviewed(new Date(later.getTime() + 86_400_000))]);
    expect(again).toEqual([0, 0]);
    const rows = await db.notifyDelivery.findMany({ where: { ruleId: rule.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0].dedupeKey).toContain(r.id);
    expect(rows.some((x) => x.dedupeKey?.includes(reviewed.id))).toBe(false);
  });

  it("a scheduled rehearsal notifies only when a record is not pass (or it failed); manual rehearsals never", async () => {
    const rule = (await newRule({ event: "scheduled_rehearsal_failed", channelIds: [hookId], quietPeriodMinutes: 0 })).body.rule;
    const rehearsal = async (trigger: string, results: string[], state = "done") => {
      const r = await db.rehearsal.create({ data: { targetName: "Sched target", errorScenario: "missing_credential", state, trigger } });
      for (const [i, result] of results.entries()) await insertRun({ rehearsalId: r.id, path: i === 0 ? "happy" : "error", operatorResult: result, trigger: trigger === "scheduled" ? "scheduled" : "manual" });
      return db.$transaction((tx) => notifyScheduledRehearsalResult(tx, r.id));
    };
    expect(await rehearsal("scheduled", ["pass", "pass"])).toBe(0);
    expect(await rehearsal("scheduled", ["pass", "fail"])).toBe(1);
    expect(await rehearsal("scheduled", ["pass"], "failed")).toBe(1);
    expect(await rehearsal("manual", ["fail", "fail"])).toBe(0);
    const subjects = (await db.notifyDelivery.findMany({ where: { ruleId: rule.id }, orderBy: { createdAt: "asc" } })).map((d) => d.subject);
    expect(subjects).toEqual(["Scheduled rehearsal failed on Sched target: error record fail", "Scheduled rehearsal failed on Sched target: failed on infrastructure"]);
    await ruleRoute.DELETE(req(`/api/notifications/rules/${rule.id}`, "DELETE"), ctx({ id: rule.id }));
  });

  it("a breaker that opens writes one message; a failed probe re-opening it inside the quiet period is held for the summary", async () => {
    const rule = (await newRule({ event: "breaker_opened", channelIds: [hookId], quietPeriodMinutes: 1 })).body.rule;
    const target = await db.target.create({ data: { name: "Breaker target", role: "primary", baseUrl: "http://127.0.0.1:9/v1", model: "m", environmentLabel: "staging" } });
    listenForBreakerOpenings();
    const now = Date.now();
    for (let i = 0; i < BREAKER_THRESHOLD; i++) resilience.settle(target.id, resilience.admit(target.id, now), "failure", now);
    await until(async () => (await db.notifyDelivery.count({ where: { ruleId: rule.id } })) === 1);
    // The open period passes, the probe fails: open again (same target, inside the quiet period).
    const later = now + 10 * 60_000;
    const probe = resilience.admit(target.id, later);
    expect(probe.send).toBe(true);
    resilience.settle(target.id, probe, "failure", later);
    // A sandbox replay's own breaker is not the target's: nothing for it.
    const replay = `${target.id}:sandbox-replay`;
    for (let i = 0; i < BREAKER_THRESHOLD; i++) resilience.settle(replay, resilience.admit(replay, now), "failure", now);
    await until(async () => (await db.notifyDelivery.count({ where: { ruleId: rule.id } })) === 2);
    const rows = await db.notifyDelivery.findMany({ where: { ruleId: rule.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.status, r.subject])).toEqual([
      ["pending", "Breaker opened on Breaker target"],
      ["suppressed", "Breaker opened on Breaker target"],
    ]);
    expect(JSON.parse(rows[0].payload).data).toMatchObject({ targetId: target.id, targetName: "Breaker target", consecutiveFailures: BREAKER_THRESHOLD });
    resilience.resetForTests();
  });
});

describe("claims under the instance lease", () => {
  it("rows a dead instance was sending go back to pending (same id) or fail when no attempt is left; a live instance's rows stay", async () => {
    const channelId = (await db.notifyChannel.create({ data: { name: "Lease test", kind: "webhook", url: receiver.url, signingSecretEnv: "NOTIFY_OUTBOX_SECRET", enabled: false } })).id;
    const now = new Date();
    await db.appInstance.create({ data: { id: "live-peer", host: "h", pid: 1, startedAt: now, heartbeatAt: now, leaseUntil: new Date(now.getTime() + 60_000) } });
    await db.appInstance.create({ data: { id: "dead-peer", host: "h", pid: 2, startedAt: now, heartbeatAt: now, leaseUntil: now, deadAt: now } });
    const far = new Date(now.getTime() + 600_000);
    const row = (id: string, owner: string, attempts: number) =>
      db.notifyDelivery.create({ data: { id, channelId, event: "test", subject: "s", occurredAt: now, status: "sending", attempts, maxAttempts: 6, leaseInstanceId: owner, leaseUntil: far } });
    await row("r-dead", "dead-peer", 1);
    await row("r-gone", "never-registered", 2);
    await row("r-last", "dead-peer", 6);
    await row("r-live", "live-peer", 1);
    expect(await reclaimAbandoned(now)).toBe(3);
    const by = Object.fromEntries((await db.notifyDelivery.findMany({ where: { id: { startsWith: "r-" } } })).map((r) => [r.id, r]));
    expect(by["r-dead"]).toMatchObject({ status: "pending", attempts: 1, leaseInstanceId: null });
    expect(by["r-gone"]).toMatchObject({ status: "pending", attempts: 2 });
    expect(by["r-last"]).toMatchObject({ status: "failed", attempts: 6 });
    expect(by["r-live"]).toMatchObject({ status: "sending", leaseInstanceId: "live-peer" });
    // The live instance's own row lease running out (a stalled send) also frees it.
    expect(await reclaimAbandoned(new Date(far.getTime() + 1))).toBe(1);
    expect((await db.notifyDelivery.findUniqueOrThrow({ where: { id: "r-live" } })).status).toBe("pending");
    await db.notifyChannel.delete({ where: { id: channelId } });
  });
});

async function until(what: () => Promise<boolean>, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}
