import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { audit } from "@/lib/audit/log";
import { db } from "@/lib/db";
import { AppError, badRequest, notFound } from "@/lib/errors";
import type { NotifyChannel, NotifyDelivery } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { checkUrlHost, refusalMessage, urlHost } from "@/lib/targets/egress";
import { egressPolicy } from "@/lib/targets/egress-settings";
import { z } from "zod";
import type { Channel, ChannelCreate, ChannelKind, ChannelPatch, DeliveryEvent, DeliveryStatus, DeliverySummary } from "@/lib/notify/schema";

/**
 * Notification channels. A channel stores only NAMES of environment
 * variables for its secrets (the credential rule); names must start with
 * NOTIFY_ so a channel can never be pointed at a server secret such as
 * DATABASE_URL or BETTER_AUTH_SECRET (the allow-list idea of decision 061).
 */
export const SECRET_NAME_PREFIX = "NOTIFY_";

/** A webhook URL meets the egress policy as far as the URL alone tells (decision 060), like a target's base URL; the resolved address is checked again at every send. */
async function checkWebhookUrl(url: string | undefined) {
  if (url === undefined) return;
  const host = urlHost(url);
  const verdict = host ? checkUrlHost(host, await egressPolicy()) : null;
  if (verdict && !verdict.allowed) throw badRequest("Not allowed: url.", [{ path: "url", message: refusalMessage(verdict, host ?? undefined) }]);
}

function checkSecretName(path: string, name: string | undefined) {
  if (name !== undefined && !name.startsWith(SECRET_NAME_PREFIX)) {
    throw badRequest("Invalid request.", [{ path, message: `Name a variable that starts with ${SECRET_NAME_PREFIX} (for example ${SECRET_NAME_PREFIX}WEBHOOK_SECRET); other server variables are never read.` }]);
  }
}

/** Reads a channel secret by name, only when the name is allowed. */
export function readChannelSecret(name: string | null | undefined): string | undefined {
  if (!name || !name.startsWith(SECRET_NAME_PREFIX)) return undefined;
  const v = process.env[name];
  return v && v.length > 0 ? v : undefined;
}

export function parseEmailTo(stored: string | null): string[] {
  const parsed = z.array(z.string()).safeParse(stored ? JSON.parse(stored) : []);
  return parsed.success ? parsed.data : [];
}

/** The variables a channel needs that are not set in this process. */
export function missingFor(c: Pick<NotifyChannel, "kind" | "signingSecretEnv" | "urlEnv">): string[] {
  const missing: string[] = [];
  if (c.kind === "webhook" && !readChannelSecret(c.signingSecretEnv)) missing.push(c.signingSecretEnv ?? "signingSecretEnv");
  if (c.kind === "slack" && !readChannelSecret(c.urlEnv)) missing.push(c.urlEnv ?? "urlEnv");
  if (c.kind === "email" && !env().SMTP_URL) missing.push("SMTP_URL");
  return missing;
}

export function deliverySummary(d: Pick<NotifyDelivery, "id" | "status" | "event" | "createdAt" | "deliveredAt" | "lastError">): DeliverySummary {
  return {
    id: d.id,
    status: d.status as DeliveryStatus,
    event: d.event as DeliveryEvent,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    lastError: d.lastError,
  };
}

export function toChannel(c: NotifyChannel, last: NotifyDelivery | null = null): Channel {
  const missing = missingFor(c);
  const base = { id: c.id, name: c.name, kind: c.kind as ChannelKind, enabled: c.enabled, configured: missing.length === 0, missing, createdAt: c.createdAt.toISOString(), lastDelivery: last ? deliverySummary(last) : null };
  if (c.kind === "webhook") return { ...base, url: c.url ?? "", signingSecretEnv: c.signingSecretEnv ?? "" };
  if (c.kind === "slack") return { ...base, urlEnv: c.urlEnv ?? "" };
  return { ...base, to: parseEmailTo(c.emailTo) };
}

async function lastDeliveries(ids: string[]): Promise<Map<string, NotifyDelivery>> {
  const out = new Map<string, NotifyDelivery>();
  // One small query per channel (an admin has a handful of channels).
  await Promise.all(
    ids.map(async (id) => {
      const d = await db.notifyDelivery.findFirst({ where: { channelId: id, status: { not: "suppressed" } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
      if (d) out.set(id, d);
    }),
  );
  return out;
}

export async function listChannels(): Promise<Channel[]> {
  const rows = await db.notifyChannel.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const last = await lastDeliveries(rows.map((r) => r.id));
  return rows.map((r) => toChannel(r, last.get(r.id) ?? null));
}

export async function getChannel(id: string): Promise<Channel> {
  const row = await db.notifyChannel.findUnique({ where: { id } });
  if (!row) throw notFound("Channel");
  return toChannel(row, (await lastDeliveries([id])).get(id) ?? null);
}

function isUniqueViolation(err: unknown) {
  return typeof err === "object" && err !== null && (err as { code?: string }).code === "P2002";
}

const nameTaken = () => new AppError("conflict", "A channel with this name exists.", [{ path: "name", message: "Choose another name." }]);

/** What the audit row says: the kind, the name and field names — never a value of a secret (there is none stored). */
function describe(c: { kind: string; name: string }) {
  return `${c.kind} · ${c.name}`;
}

export async function createChannel(input: ChannelCreate, actor: Actor): Promise<Channel> {
  if (input.kind === "webhook") checkSecretName("signingSecretEnv", input.signingSecretEnv);
  if (input.kind === "slack") checkSecretName("urlEnv", input.urlEnv);
  if (input.kind === "webhook") await checkWebhookUrl(input.url);
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.notifyChannel.create({
        data: {
          name: input.name,
          kind: input.kind,
          enabled: input.enabled,
          url: input.kind === "webhook" ? input.url : null,
          signingSecretEnv: input.kind === "webhook" ? input.signingSecretEnv : null,
          urlEnv: input.kind === "slack" ? input.urlEnv : null,
          emailTo: input.kind === "email" ? JSON.stringify(input.to) : null,
        },
      });
      await audit({ actor, action: "notify.channel.create", subjectType: "notify_channel", subjectId: created.id, detail: describe(created) }, tx);
      return created;
    });
    return toChannel(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}

const FIELDS_BY_KIND: Record<ChannelKind, (keyof ChannelPatch)[]> = {
  webhook: ["name", "enabled", "url", "signingSecretEnv"],
  slack: ["name", "enabled", "urlEnv"],
  email: ["name", "enabled", "to"],
};

export async function updateChannel(id: string, patch: ChannelPatch, actor: Actor): Promise<Channel> {
  checkSecretName("signingSecretEnv", patch.signingSecretEnv);
  checkSecretName("urlEnv", patch.urlEnv);
  await checkWebhookUrl(patch.url);
  try {
    await db.$transaction(async (tx) => {
      const row = await tx.notifyChannel.findUnique({ where: { id } });
      if (!row) throw notFound("Channel");
      const allowed = FIELDS_BY_KIND[row.kind as ChannelKind] ?? [];
      const wrong = (Object.keys(patch) as (keyof ChannelPatch)[]).filter((k) => patch[k] !== undefined && !allowed.includes(k));
      if (wrong.length) throw badRequest("Invalid request.", wrong.map((k) => ({ path: k, message: `A ${row.kind} channel has no ${k}.` })));
      const changed = (Object.keys(patch) as (keyof ChannelPatch)[]).filter((k) => patch[k] !== undefined);
      await tx.notifyChannel.update({
        where: { id },
        data: {
          name: patch.name,
          enabled: patch.enabled,
          url: patch.url,
          signingSecretEnv: patch.signingSecretEnv,
          urlEnv: patch.urlEnv,
          emailTo: patch.to ? JSON.stringify(patch.to) : undefined,
        },
      });
      await audit({ actor, action: "notify.channel.update", subjectType: "notify_channel", subjectId: id, detail: `${describe({ kind: row.kind, name: patch.name ?? row.name })}: ${changed.join(", ") || "no change"}` }, tx);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
  return getChannel(id);
}

/** Deleting a channel removes its delivery log (cascade); pending messages to it are not sent. */
export async function deleteChannel(id: string, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.notifyChannel.findUnique({ where: { id } });
    if (!row) throw notFound("Channel");
    await tx.notifyChannel.delete({ where: { id } });
    await audit({ actor, action: "notify.channel.delete", subjectType: "notify_channel", subjectId: id, detail: describe(row) }, tx);
  });
}
