import "server-only";
import nodemailer from "nodemailer";
import { fetch as undiciFetch } from "undici";
import { env } from "@/lib/env";
import type { NotifyChannel } from "@/lib/generated/prisma/client";
import { parseRetryAfter } from "@/lib/smoke/backoff";
import { egressPreflight } from "@/lib/smoke/egress-fetch";
import { egressPolicy } from "@/lib/targets/egress-settings";
import { parseEmailTo, readChannelSecret } from "@/lib/notify/channels";
import { emailMessage, signatureHeader, slackBody, webhookBody, type MessageFacts } from "@/lib/notify/messages";
import { safeError } from "@/lib/notify/sanitize";
import { noteSecret } from "@/lib/shared/sensitive-values";

/**
 * One send of one delivery. The outcome decides what the worker does:
 * `retryable` follows the product's retry rules (lib/smoke: 408, 429 and 5xx
 * and transport errors are retried; other 4xx are not), `retryAfterMs` is the
 * receiver's Retry-After.
 */
export type SendOutcome = { ok: true } | { ok: false; retryable: boolean; retryAfterMs?: number; error: string };

/** Secrets a channel uses, so no stored error can carry them. */
export function channelSecrets(c: Pick<NotifyChannel, "signingSecretEnv" | "urlEnv">): string[] {
  const out = [readChannelSecret(c.signingSecretEnv), readChannelSecret(c.urlEnv), env().SMTP_URL];
  try {
    const u = env().SMTP_URL ? new URL(env().SMTP_URL as string) : null;
    if (u?.password) out.push(decodeURIComponent(u.password));
  } catch {
    // not a URL: the whole value is already listed
  }
  return out.filter((v): v is string => !!v);
}

const retryableStatus = (s: number) => s === 408 || s === 429 || s >= 500;

async function postJson(url: string, body: string, headers: Record<string, string>, secrets: string[]): Promise<SendOutcome> {
  // NOTE: notification URLs go through the egress policy like target probes
  // (decision 060): an admin cannot point a webhook at cloud metadata or,
  // unless listed, at private addresses.
  const route = await egressPreflight(url, { policy: await egressPolicy(), sandboxBases: [] });
  if (!route.ok) return { ok: false, retryable: false, error: safeError(route.note, secrets) };
  const signal = AbortSignal.timeout(env().NOTIFICATIONS_SEND_TIMEOUT_MS);
  try {
    const res = await undiciFetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body, signal, redirect: "manual", dispatcher: route.dispatcher });
    // The receiver's body is never read into the log: only its status.
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true };
    const retryAfterMs = parseRetryAfter(res.headers as unknown as Headers) ?? undefined;
    return { ok: false, retryable: retryableStatus(res.status), retryAfterMs, error: `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const what = e.name === "TimeoutError" || e.name === "AbortError" ? "timed out" : (e.cause?.code ?? e.cause?.message ?? e.message ?? "connection failed");
    return { ok: false, retryable: true, error: safeError(`request failed: ${what}`, secrets) };
  }
}

export async function sendWebhook(channel: NotifyChannel, m: MessageFacts, now = Date.now()): Promise<SendOutcome> {
  const secret = readChannelSecret(channel.signingSecretEnv);
  if (!secret) return { ok: false, retryable: true, error: `${channel.signingSecretEnv} is not set` };
  noteSecret(secret);
  if (!channel.url) return { ok: false, retryable: false, error: "The channel has no URL." };
  const raw = JSON.stringify(webhookBody(m));
  const t = Math.floor(now / 1000);
  return postJson(channel.url, raw, { "x-evidence-event": m.event, "x-evidence-delivery": m.id, "x-evidence-signature": signatureHeader(secret, raw, t), "user-agent": "EvidencePacket-Notify/1" }, [secret]);
}

export async function sendSlack(channel: NotifyChannel, m: MessageFacts): Promise<SendOutcome> {
  const url = readChannelSecret(channel.urlEnv);
  if (!url) return { ok: false, retryable: true, error: `${channel.urlEnv} is not set` };
  noteSecret(url);
  try {
    const u = new URL(url);
    if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error("scheme");
  } catch {
    return { ok: false, retryable: false, error: `${channel.urlEnv} is not an http(s) URL` };
  }
  return postJson(url, JSON.stringify(slackBody(m)), { "x-evidence-delivery": m.id }, [url]);
}

/** SMTP response codes 4xx are transient (retry), 5xx permanent. */
function smtpRetryable(err: { responseCode?: number; code?: string }) {
  if (typeof err.responseCode === "number") return err.responseCode < 500;
  return true;
}

export async function sendEmail(channel: NotifyChannel, m: MessageFacts): Promise<SendOutcome> {
  const { SMTP_URL, SMTP_FROM, NOTIFICATIONS_SEND_TIMEOUT_MS } = env();
  if (!SMTP_URL) return { ok: false, retryable: true, error: "SMTP_URL is not set" };
  const secrets = channelSecrets(channel);
  for (const s of secrets) noteSecret(s);
  const to = parseEmailTo(channel.emailTo);
  if (!to.length) return { ok: false, retryable: false, error: "The channel has no addresses." };
  const msg = emailMessage(m);
  // NOTE: the SMTP server is the operator's (an environment variable), not
  // an admin's input, so it is not checked against the egress policy.
  const transport = nodemailer.createTransport(SMTP_URL, {
    connectionTimeout: NOTIFICATIONS_SEND_TIMEOUT_MS,
    greetingTimeout: NOTIFICATIONS_SEND_TIMEOUT_MS,
    socketTimeout: NOTIFICATIONS_SEND_TIMEOUT_MS,
    logger: false,
    debug: false,
  });
  try {
    await transport.sendMail({ from: SMTP_FROM, to, subject: msg.subject, text: msg.text, html: msg.html, messageId: `<${m.id}@evidence-packet>`, headers: { "X-Evidence-Delivery": m.id, "X-Evidence-Event": m.event } });
    return { ok: true };
  } catch (err) {
    const e = err as Error & { responseCode?: number; code?: string };
    const what = e.responseCode ? `SMTP ${e.responseCode}` : (e.code ?? "SMTP error");
    return { ok: false, retryable: smtpRetryable(e), error: safeError(`e-mail not sent: ${what}`, secrets) };
  } finally {
    transport.close();
  }
}

export function sendTo(channel: NotifyChannel, m: MessageFacts): Promise<SendOutcome> {
  if (channel.kind === "webhook") return sendWebhook(channel, m);
  if (channel.kind === "slack") return sendSlack(channel, m);
  return sendEmail(channel, m);
}
