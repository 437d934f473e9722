import Database from "better-sqlite3";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProdServer, type ProdServer } from "@/tests/fixtures/prod-server";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";
import { startReceiver, type Receiver } from "@/tests/fixtures/notify-receiver";
import { SAFE_PROMPT_TEXT } from "@/lib/smoke/http-attempt";

// Issue 16 "Done when", on the real production server (scripts/server.mjs)
// with its own SQLite file, restarted between steps over the same file:
// a scheduled rehearsal that fails (the sandbox's echo-request model quotes
// the whole request — credential and prompt — back in its 400) produces
// exactly one signed webhook and one Slack message, neither carrying the
// credential, prompt or response; a kill -9 while the receiver holds the
// request loses nothing and, after the receiver's dedupe by delivery id,
// duplicates nothing; a SIGTERM while it holds the request lets the send
// finish, so exactly one request arrives. SQLite only (PG_EXCLUDED): the
// restarts rely on one instance per file (decision 102).
const SECRET = "whsec_webhook_it_9f3b2c71d0e84a56";
const CANARY = "sk-canary-Nt4wQ8zX2mV6bR1yL9pK3hJ7";
const SLACK_PATH = "/services/T000CANARY/B000CANARY/slackurlcanaryXYZ123";
const dbFile = path.resolve("tests/.tmp/notify-webhook.db");

let hook: Receiver;
let slack: Receiver;
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
let server: ProdServer | undefined;
const logs: string[] = [];
/** The next `test` message's first request is held open (the restart cases); set before the message exists, as the worker may send at once. */
const hold = { nextTest: false, ids: new Set<string>() };

function env() {
  return {
    NOTIFY_HOOK_SECRET: SECRET,
    NOTIFY_SLACK_URL: `${slack.url.replace(/\/hook$/, "")}${SLACK_PATH}`,
    CANARY_PROVIDER_KEY: CANARY,
    NOTIFICATIONS_WORKER_INTERVAL_MS: "100",
    NOTIFICATIONS_SEND_TIMEOUT_MS: "5000",
    LOG_LEVEL: "info",
  };
}

async function start(extra: Record<string, string> = {}, fresh = false) {
  server = await startProdServer({ dbFile, ...(fresh ? {} : { databaseUrl: `file:${dbFile}` }), env: { ...env(), ...extra } });
  return server;
}

async function stopGracefully() {
  if (!server) return;
  await server.stop();
  logs.push(server.log());
  server = undefined;
}

async function api(method: string, url: string, body?: unknown) {
  const s = server!;
  const res = await s.fetch(`${s.origin}${url}`, { method, headers: { "content-type": "application/json", origin: s.origin }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const until = async (what: () => boolean | Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
};

let hookChannel: string;
let targetId: string;

beforeAll(async () => {
  hook = await startReceiver({ secret: SECRET, respond: (_n, r) => {
      if (hold.nextTest && r.event === "test") {
        hold.nextTest = false;
        hold.ids.add(r.deliveryId);
        return "hold";
      }
      return { status: 200 };
    },
  });
  slack = await startReceiver();
  sandbox = await startSandboxProcess();
}, 30_000);

afterAll(async () => {
  await stopGracefully();
  await Promise.all([hook?.close(), slack?.close(), sandbox?.stop()]);
});

describe("notifications on the production server", () => {
  it("a scheduled rehearsal that fails sends exactly one signed webhook and one Slack message — with no credential, prompt or response in them", async () => {
    await start({}, true);
    const ch = await api("POST", "/api/notifications/channels", { kind: "webhook", name: "Ops", url: hook.url, signingSecretEnv: "NOTIFY_HOOK_SECRET" });
    expect(ch.status).toBe(201);
    hookChannel = ch.body.channel.id;
    const sl = await api("POST", "/api/notifications/channels", { kind: "slack", name: "Slack", urlEnv: "NOTIFY_SLACK_URL" });
    expect(sl.body.channel).toMatchObject({ configured: true, missing: [] });
    expect((await api("POST", "/api/notifications/rules", { event: "scheduled_rehearsal_failed", channelIds: [hookChannel, sl.body.channel.id] })).status).toBe(201);
    const t = await api("POST", "/api/targets", { name: "Echoing gateway", role: "primary", baseUrl: sandbox.baseUrl, model: "echo-request", environmentLabel: "staging", credentialEnvVar: "CANARY_PROVIDER_KEY", retryCeiling: 0 });
    expect(t.status).toBe(201);
    targetId = t.body.id;
    expect((await api("PUT", `/api/history/schedules/${targetId}`, { cron: "* * * * *", enabled: true })).status).toBe(200);
    await stopGracefully();

    // The schedule was set two minutes ago: the scheduler's catch-up tick at start runs the latest slot now (decision 020).
    const sqlite = new Database(dbFile);
    const row = sqlite.prepare(`SELECT "updatedAt" AS u FROM "Target" WHERE "id" = ?`).get(targetId) as { u: number | string };
    const back = new Date(Date.now() - 120_000);
    sqlite.prepare(`UPDATE "Target" SET "updatedAt" = ? WHERE "id" = ?`).run(typeof row.u === "number" ? back.getTime() : back.toISOString(), targetId);
    sqlite.close();

    await start({ SCHEDULER: "on" });
    await hook.waitFor(1, 40_000);
    await slack.waitFor(1, 10_000);
    await new Promise((r) => setTimeout(r, 1500));
    const failed = hook.received.filter((r) => r.event === "scheduled_rehearsal_failed");
    expect(failed).toHaveLength(1);
    expect(slack.received).toHaveLength(1);
    const msg = failed[0];
    expect(msg.signatureValid).toBe(true);
    expect(msg.body).toMatchObject({ schemaVersion: 1, id: msg.deliveryId, event: "scheduled_rehearsal_failed", verdict: "failed", data: { targetId, targetName: "Echoing gateway" } });
    const records = (msg.body.data as { records: { operatorResult: string; path: string; statusFamily: string }[] }).records;
    expect(records.map((r) => r.path)).toEqual(["happy", "error"]);
    expect(records[0]).toMatchObject({ operatorResult: "fail", statusFamily: "4xx" });
    // The guide's test id, as every page and export writes it (and the run's number beside it).
    for (const r of records as unknown as { testId: string; runId: number }[]) expect(r.testId).toBe(`llm-api-escalation-smoke-${String(r.runId).padStart(3, "0")}`);
    expect(String((msg.body.links as { app: string }).app)).toContain(`/history/rehearsals/`);
    const blocks = slack.received[0].body as { text: string; blocks: { type: string }[] };
    expect(blocks.blocks.map((b) => b.type)).toEqual(["header", "section", "context", "actions"]);
    expect(slack.received[0].deliveryId).not.toBe(msg.deliveryId);

    // The canary: the credential, the Slack URL (a credential), the prompt and the echoed request appear nowhere.
    const log = await api("GET", `/api/notifications/deliveries`);
    expect(log.body.deliveries.filter((d: { status: string }) => d.status === "delivered")).toHaveLength(2);
    const sent = [...hook.received, ...slack.received].map((r) => r.raw + JSON.stringify(r.headers));
    for (const text of [...sent, JSON.stringify(log.body), server!.log()]) {
      for (const canary of [CANARY, SLACK_PATH, "slackurlcanaryXYZ123", SAFE_PROMPT_TEXT, '"messages":[']) expect(text).not.toContain(canary);
    }
    // The file and its WAL, read while the server runs (WAL mode: the rows are in one or the other).
    for (const f of [dbFile, `${dbFile}-wal`]) {
      if (!existsSync(f)) continue;
      const bytes = readFileSync(f);
      for (const canary of [CANARY, "slackurlcanaryXYZ123", SECRET]) expect(bytes.includes(Buffer.from(canary)), `${f} holds ${canary.slice(0, 12)}…`).toBe(false);
    }
    const outbox = new Database(dbFile, { readonly: true });
    const rows = JSON.stringify(outbox.prepare(`SELECT * FROM "NotifyDelivery"`).all());
    outbox.close();
    for (const canary of [CANARY, SAFE_PROMPT_TEXT, "slackurlcanaryXYZ123", SECRET, "authorization"]) expect(rows.toLowerCase()).not.toContain(canary.toLowerCase());
  }, 90_000);

  it("kill -9 while the receiver holds the request: after the restart the same delivery id arrives again — none lost, one after dedupe", async () => {
    hook.received.length = 0;
    hold.nextTest = true;
    const { body } = await api("POST", `/api/notifications/channels/${hookChannel}/test`);
    const id = body.delivery.id as string;
    await hook.waitFor(1);
    expect(hold.ids.has(id)).toBe(true);
    expect(hook.received[0].deliveryId).toBe(id);
    process.kill(server!.pid, "SIGKILL");
    await until(() => server!.log() !== undefined && !isAlive(server!.pid));
    logs.push(server!.log());
    server = undefined;
    hook.release();

    await start();
    await hook.waitFor(2, 30_000);
    const ids = hook.received.map((r) => r.deliveryId);
    expect(ids).toEqual([id, id]);
    expect(hook.received.every((r) => r.signatureValid)).toBe(true);
    expect(new Set(ids).size).toBe(1);
    await until(async () => (await api("GET", `/api/notifications/deliveries?channelId=${hookChannel}`)).body.deliveries.find((d: { id: string }) => d.id === id)?.status === "delivered");
    const d = (await api("GET", `/api/notifications/deliveries?channelId=${hookChannel}`)).body.deliveries.find((x: { id: string }) => x.id === id);
    expect(d.attempts).toBe(2);
  }, 90_000);

  it("SIGTERM while the receiver holds the request: the send finishes before the process exits, and the restart sends nothing again", async () => {
    hook.received.length = 0;
    hold.nextTest = true;
    const { body } = await api("POST", `/api/notifications/channels/${hookChannel}/test`);
    const id = body.delivery.id as string;
    await hook.waitFor(1);
    expect(hold.ids.has(id)).toBe(true);
    const stopping = server!.stop();
    await new Promise((r) => setTimeout(r, 400));
    expect(isAlive(server!.pid)).toBe(true);
    hook.release();
    await stopping;
    logs.push(server!.log());
    server = undefined;

    await start();
    await new Promise((r) => setTimeout(r, 2000));
    expect(hook.received.map((r) => r.deliveryId)).toEqual([id]);
    const d = (await api("GET", `/api/notifications/deliveries?channelId=${hookChannel}`)).body.deliveries.find((x: { id: string }) => x.id === id);
    expect(d).toMatchObject({ status: "delivered", attempts: 1, lastError: null });
    for (const text of logs) for (const canary of [CANARY, "slackurlcanaryXYZ123", SECRET]) expect(text).not.toContain(canary);
  }, 90_000);
});

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
