import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { audit } from "@/lib/audit/log";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { notFound } from "@/lib/errors";
import type { NotifyDelivery, Prisma } from "@/lib/generated/prisma/client";
import { safeData, safeText } from "@/lib/notify/sanitize";
import type { Delivery, DeliveryEvent, DeliveryStatus, NotifyEvent } from "@/lib/notify/schema";
import { decodeCursor, encodeCursor } from "@/lib/shared/cursor";

/**
 * The outbox (docs/decisions/130): `enqueue` is called with the transaction
 * client of the write that IS the event (a rehearsal's result, a packet
 * marked ready, a share link's first view), so the message exists exactly
 * when the event does. One row per (rule, channel). A rule's quiet period is
 * kept per (rule, channel, subject key): the first event is sent, later ones
 * inside the period are stored `suppressed` and folded into one summary when
 * the period ends (lib/notify/worker.ts).
 */
export type NotifyEventInput = {
  event: NotifyEvent;
  /** What the quiet period is kept per: a target id, a packet id. */
  subjectKey: string;
  /** One short line; sanitized here. */
  subject: string;
  verdict?: string;
  /** A path in the app (e.g. /history/rehearsals/<id>); made absolute with the public origin when sent. */
  link?: string;
  /** Record facts only (names, ids, status families, decisions). */
  data: Record<string, unknown>;
  occurredAt?: Date;
  /** Fire once per (channel, key): a retried event writes nothing new. */
  dedupe?: string;
  /** Only this rule (the unreviewed sweep runs per rule). */
  ruleId?: string;
};

export const SUBJECT_MAX = 160;

type Tx = Prisma.TransactionClient;

export type StoredPayload = { verdict?: string; link?: string; data: Record<string, unknown> };

export function readPayload(stored: string): StoredPayload {
  const parsed = z.object({ verdict: z.string().optional(), link: z.string().optional(), data: z.record(z.string(), z.unknown()).default({}) }).safeParse(JSON.parse(stored || "{}"));
  return parsed.success ? parsed.data : { data: {} };
}

function payloadOf(ev: Pick<NotifyEventInput, "verdict" | "link" | "data">): string {
  return JSON.stringify(safeData({ verdict: ev.verdict, link: ev.link, data: ev.data }));
}

/** Rows written (pending or suppressed); 0 when no enabled rule asks for the event. */
export async function enqueue(tx: Tx, ev: NotifyEventInput, now = new Date()): Promise<number> {
  const rules = await tx.notifyRule.findMany({
    where: { event: ev.event, enabled: true, ...(ev.ruleId ? { id: ev.ruleId } : {}) },
    include: { channels: { include: { channel: { select: { id: true, enabled: true } } } } },
  });
  if (!rules.length) return 0;
  const subject = safeText(ev.subject, SUBJECT_MAX);
  const payload = payloadOf(ev);
  const minuteMs = env().NOTIFICATIONS_QUIET_MINUTE_MS;
  let written = 0;
  for (const rule of rules) {
    for (const { channel } of rule.channels) {
      if (!channel.enabled) continue;
      const dedupeKey = ev.dedupe ? `${rule.id}:${ev.dedupe}`.slice(0, 300) : null;
      if (dedupeKey && (await tx.notifyDelivery.findUnique({ where: { channelId_dedupeKey: { channelId: channel.id, dedupeKey } }, select: { id: true } }))) continue;
      const quietMs = rule.quietPeriodMinutes * minuteMs;
      const head =
        quietMs > 0
          ? await tx.notifyDelivery.findFirst({
              where: { ruleId: rule.id, channelId: channel.id, subjectKey: ev.subjectKey, isSummary: false, status: { not: "suppressed" }, createdAt: { gt: new Date(now.getTime() - quietMs) } },
              orderBy: { createdAt: "desc" },
              select: { id: true, createdAt: true },
            })
          : null;
      await tx.notifyDelivery.create({
        data: {
          channelId: channel.id,
          ruleId: rule.id,
          event: ev.event,
          subjectKey: ev.subjectKey,
          dedupeKey,
          subject,
          payload,
          occurredAt: ev.occurredAt ?? now,
          createdAt: now,
          maxAttempts: env().NOTIFICATIONS_MAX_ATTEMPTS,
          ...(head
            ? { status: "suppressed", windowHeadId: head.id, windowEndsAt: new Date(head.createdAt.getTime() + quietMs) }
            : { status: "pending", nextAttemptAt: now }),
        },
      });
      written += 1;
    }
  }
  return written;
}

/** The channel's `test` message, through the outbox like any other (audited in the same transaction). */
export async function enqueueTest(channelId: string, actor: Actor): Promise<Delivery> {
  const row = await db.$transaction(async (tx) => {
    const channel = await tx.notifyChannel.findUnique({ where: { id: channelId }, select: { id: true, name: true, kind: true } });
    if (!channel) throw notFound("Channel");
    const created = await tx.notifyDelivery.create({
      data: {
        channelId,
        ruleId: null,
        event: "test",
        subjectKey: "",
        subject: safeText(`Test message for channel ${channel.name}`, SUBJECT_MAX),
        payload: payloadOf({ verdict: "test", link: "/admin/notifications", data: { channel: channel.name, requestedBy: actor.label } }),
        occurredAt: new Date(),
        status: "pending",
        nextAttemptAt: new Date(),
        maxAttempts: env().NOTIFICATIONS_MAX_ATTEMPTS,
      },
      include: { channel: { select: { name: true } } },
    });
    await audit({ actor, action: "notify.test", subjectType: "notify_channel", subjectId: channelId, detail: `${channel.kind} · ${channel.name}` }, tx);
    return created;
  });
  return toDelivery(row);
}

export function toDelivery(d: NotifyDelivery & { channel: { name: string } }): Delivery {
  return {
    id: d.id,
    channelId: d.channelId,
    channelName: d.channel.name,
    event: d.event as DeliveryEvent,
    subject: d.subject,
    status: d.status as DeliveryStatus,
    attempts: d.attempts,
    maxAttempts: d.maxAttempts,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    nextAttemptAt: d.status === "pending" ? (d.nextAttemptAt?.toISOString() ?? null) : null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}

const CursorSchema = z.object({ c: z.iso.datetime(), i: z.string() });

/** The delivery log, newest first, keyset-paged on (createdAt, id). */
export async function listDeliveries(q: { channelId?: string; limit: number; cursor?: string }) {
  const base: Prisma.NotifyDeliveryWhereInput = q.channelId ? { channelId: q.channelId } : {};
  let where = base;
  if (q.cursor) {
    const c = decodeCursor(q.cursor, CursorSchema);
    const at = new Date(c.c);
    where = { AND: [base, { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: c.i } }] }] };
  }
  const rows = await db.notifyDelivery.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: q.limit + 1, include: { channel: { select: { name: true } } } });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { deliveries: page.map(toDelivery), nextCursor: rows.length > q.limit && last ? encodeCursor({ c: last.createdAt.toISOString(), i: last.id }) : null };
}
