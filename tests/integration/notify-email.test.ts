import { authedRequest } from "@/tests/fixtures/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import * as channelsRoute from "@/app/api/notifications/channels/route";
import * as testRoute from "@/app/api/notifications/channels/[id]/test/route";
import * as rulesRoute from "@/app/api/notifications/rules/route";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { enqueue } from "@/lib/notify/outbox";
import { deliverDue } from "@/lib/notify/worker";
import { noteRequestText, noteSecret } from "@/lib/shared/sensitive-values";

// E-mail over SMTP (nodemailer) to a real SMTP server on loopback (the
// smtp-server package): the message arrives with the contract's subject and
// headers; a 5xx is final, a 4xx is retried; the SMTP password (in SMTP_URL)
// and any credential or prompt text never reach the message, the outbox or
// the delivery log.
const SMTP_PASSWORD = "smtp-pass-canary-Hk29xQ";
const CANARY = "sk-canary-Em4iL7qW2zR8tY5uP1oA";
const PROMPT = "Reply with the single word: ok";

type Mail = { from: string; to: string[]; raw: string };
const mails: Mail[] = [];
const rcptAnswers: number[] = [];
let smtp: SMTPServer;
let port: number;
const saved = process.env.SMTP_URL;

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === "notify" && auth.password === SMTP_PASSWORD) return cb(null, { user: "notify" });
      return cb(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, cb) {
      const code = rcptAnswers.shift();
      if (code) return cb(Object.assign(new Error(code >= 500 ? "Mailbox unavailable" : "Try again later"), { responseCode: code }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  port = (smtp.server.address() as { port: number }).port;
  process.env.SMTP_URL = `smtp://notify:${SMTP_PASSWORD}@127.0.0.1:${port}`;
  process.env.SMTP_FROM = "Evidence Packet <ep@test.local>";
  process.env.NOTIFICATIONS_BACKOFF_BASE_MS = "10";
  process.env.NOTIFICATIONS_BACKOFF_MAX_MS = "20";
  resetEnvForTests();
});

afterAll(async () => {
  if (saved === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = saved;
  delete process.env.NOTIFICATIONS_BACKOFF_BASE_MS;
  delete process.env.NOTIFICATIONS_BACKOFF_MAX_MS;
  resetEnvForTests();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const ctx = <P,>(params: P) => ({ params: Promise.resolve(params) });
const noParams = ctx({} as Record<string, never>);
const post = (url: string, body?: unknown) => authedRequest(`http://test${url}`, { method: "POST", ...(body ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}) });

async function drain() {
  for (let i = 0; i < 20 && (await db.notifyDelivery.count({ where: { status: { in: ["pending", "sending"] } } })); i++) {
    await deliverDue();
    await new Promise((r) => setTimeout(r, 30));
  }
}

let channelId: string;

describe("e-mail notifications over SMTP", () => {
  it("the test message arrives at the SMTP server with the contract's subject, addresses and delivery id", async () => {
    const res = await channelsRoute.POST(post("/api/notifications/channels", { kind: "email", name: "Leads", to: ["lead@example.com", "ops@example.com"] }), noParams);
    const { channel } = await res.json();
    expect(channel).toMatchObject({ configured: true, missing: [] });
    channelId = channel.id;
    const { delivery } = await (await testRoute.POST(post(`/api/notifications/channels/${channelId}/test`), ctx({ id: channelId }))).json();
    await drain();
    expect(mails).toHaveLength(1);
    expect(mails[0].from).toBe("ep@test.local");
    expect(mails[0].to).toEqual(["lead@example.com", "ops@example.com"]);
    expect(mails[0].raw).toMatch(/^Subject: \[Evidence Packet\] Test message for channel Leads/m);
    expect(mails[0].raw).toContain(`X-Evidence-Delivery: ${delivery.id}`);
    expect(mails[0].raw).toContain("Content-Type: text/html");
    expect(await db.notifyDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("a 4xx from the SMTP server is retried, a 5xx is final; the stored error names the SMTP code only", async () => {
    mails.length = 0;
    rcptAnswers.push(451, 451);
    const retried = (await (await testRoute.POST(post(`/api/notifications/channels/${channelId}/test`), ctx({ id: channelId }))).json()).delivery;
    await drain();
    expect(await db.notifyDelivery.findUniqueOrThrow({ where: { id: retried.id } })).toMatchObject({ status: "delivered", attempts: 2 });
    rcptAnswers.push(550, 550);
    const refused = (await (await testRoute.POST(post(`/api/notifications/channels/${channelId}/test`), ctx({ id: channelId }))).json()).delivery;
    await drain();
    expect(await db.notifyDelivery.findUniqueOrThrow({ where: { id: refused.id } })).toMatchObject({ status: "failed", attempts: 1, lastError: "e-mail not sent: SMTP 550" });
  });

  it("a wrong SMTP password fails without the password in the delivery log, the outbox or the message", async () => {
    process.env.SMTP_URL = `smtp://notify:wrong-${SMTP_PASSWORD}@127.0.0.1:${port}`;
    resetEnvForTests();
    try {
      const d = (await (await testRoute.POST(post(`/api/notifications/channels/${channelId}/test`), ctx({ id: channelId }))).json()).delivery;
      await deliverDue();
      const row = await db.notifyDelivery.findUniqueOrThrow({ where: { id: d.id } });
      expect(row.lastError).toBe("e-mail not sent: SMTP 535");
    } finally {
      process.env.SMTP_URL = `smtp://notify:${SMTP_PASSWORD}@127.0.0.1:${port}`;
      resetEnvForTests();
    }
  });

  it("canary: a credential value and the prompt text handed to an event never reach the e-mail or the outbox", async () => {
    mails.length = 0;
    noteSecret(CANARY);
    noteRequestText(PROMPT);
    await rulesRoute.POST(post("/api/notifications/rules", { event: "breaker_opened", channelIds: [channelId], quietPeriodMinutes: 0 }), noParams);
    await db.$transaction((tx) =>
      enqueue(tx, { event: "breaker_opened", subjectKey: "t", subject: `Breaker opened on gw ${CANARY} ${PROMPT}`, verdict: "open", data: { targetName: `gw ${CANARY}`, note: PROMPT, nested: { v: [CANARY] } } }),
    );
    await drain();
    expect(mails).toHaveLength(1);
    const stored = JSON.stringify(await db.notifyDelivery.findMany()) + JSON.stringify(await db.auditEvent.findMany());
    for (const text of [mails[0].raw, stored]) {
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain(PROMPT);
      expect(text).not.toContain(SMTP_PASSWORD);
    }
    expect(mails[0].raw).toContain("Breaker opened on gw");
  });
});
