import { createHmac, timingSafeEqual } from "node:crypto";
import { EVENT_LABEL, WEBHOOK_SCHEMA_VERSION, type DeliveryEvent } from "@/lib/notify/schema";

/**
 * The three message shapes (README "Notifications"). Pure functions: the
 * worker hands in a delivery row's facts, already sanitized when written.
 */
export type MessageFacts = {
  id: string;
  event: DeliveryEvent;
  occurredAt: Date;
  subject: string;
  verdict?: string;
  /** Absolute URL into the app, when there is one. */
  appLink?: string;
  data: Record<string, unknown>;
};

export type WebhookBody = {
  schemaVersion: typeof WEBHOOK_SCHEMA_VERSION;
  id: string;
  event: DeliveryEvent;
  occurredAt: string;
  subject: string;
  verdict?: string;
  links: { app?: string };
  data: Record<string, unknown>;
};

export function webhookBody(m: MessageFacts): WebhookBody {
  return {
    schemaVersion: WEBHOOK_SCHEMA_VERSION,
    id: m.id,
    event: m.event,
    occurredAt: m.occurredAt.toISOString(),
    subject: m.subject,
    ...(m.verdict ? { verdict: m.verdict } : {}),
    links: m.appLink ? { app: m.appLink } : {},
    data: m.data,
  };
}

/**
 * Stripe-style signature: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * The timestamp is inside the signed text, so a receiver that rejects old
 * `t` (5 minutes) rejects a replayed request.
 */
export function signatureHeader(secret: string, rawBody: string, t: number): string {
  const v1 = createHmac("sha256", secret).update(`${t}.${rawBody}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

/** What a receiver does (documented in the README; the tests' receiver uses it). */
export function verifySignature(secret: string, rawBody: string, header: string | null, nowSeconds: number, toleranceSeconds = 300): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !parts.v1) return false;
  const want = Buffer.from(createHmac("sha256", secret).update(`${t}.${rawBody}`).digest("hex"));
  const got = Buffer.from(parts.v1);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** Facts worth a line: strings, numbers and booleans at the top level of `data`. */
function factLines(data: Record<string, unknown>, max = 8): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(data)) {
    if (out.length >= max) break;
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out.push([k, String(v)]);
  }
  return out;
}

/** Slack Block Kit (incoming webhook): a header, the verdict and facts as fields, a button into the app. */
export function slackBody(m: MessageFacts) {
  const fields = [
    { type: "mrkdwn", text: `*Event*\n${EVENT_LABEL[m.event]}` },
    ...(m.verdict ? [{ type: "mrkdwn", text: `*Verdict*\n${m.verdict}` }] : []),
    ...factLines(m.data, 6).map(([k, v]) => ({ type: "mrkdwn", text: `*${k}*\n${v.slice(0, 200)}` })),
  ].slice(0, 10);
  const blocks: unknown[] = [
    { type: "header", text: { type: "plain_text", text: m.subject.slice(0, 150), emoji: false } },
    { type: "section", fields },
    { type: "context", elements: [{ type: "mrkdwn", text: `Evidence Packet · ${m.occurredAt.toISOString()} · delivery ${m.id}` }] },
  ];
  if (m.appLink) blocks.push({ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open in Evidence Packet" }, url: m.appLink }] });
  return { text: m.subject, blocks };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** Plain text + simple HTML. */
export function emailMessage(m: MessageFacts) {
  const facts = [["Event", EVENT_LABEL[m.event]] as [string, string], ...(m.verdict ? [["Verdict", m.verdict] as [string, string]] : []), ...factLines(m.data, 12)];
  const subject = `[Evidence Packet] ${m.subject}`;
  const text = [m.subject, "", ...facts.map(([k, v]) => `${k}: ${v}`), "", ...(m.appLink ? [`Open: ${m.appLink}`] : []), `Delivery: ${m.id}`, `Occurred: ${m.occurredAt.toISOString()}`].join("\n");
  const html = [
    `<p><strong>${escapeHtml(m.subject)}</strong></p>`,
    `<table>${facts.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`,
    m.appLink ? `<p><a href="${escapeHtml(m.appLink)}">Open in Evidence Packet</a></p>` : "",
    `<p style="color:#666">Delivery ${escapeHtml(m.id)} · ${escapeHtml(m.occurredAt.toISOString())}</p>`,
  ].join("");
  return { subject, text, html };
}
