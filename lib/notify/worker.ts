import "server-only";
import { db } from "@/lib/db";
import { env, publicOrigin } from "@/lib/env";
import type { NotifyChannel, NotifyDelivery } from "@/lib/generated/prisma/client";
import { instanceId } from "@/lib/instances/lease";
import { logger } from "@/lib/log";
import { enqueue, readPayload } from "@/lib/notify/outbox";
import { channelSecrets, sendTo, type SendOutcome } from "@/lib/notify/send";
import { safeError, safeText } from "@/lib/notify/sanitize";
import { EVENT_LABEL, type DeliveryEvent } from "@/lib/notify/schema";
import { remember } from "@/lib/shared/registry";
import { backoffSchedule } from "@/lib/smoke/backoff";

/**
 * The delivery worker (docs/decisions/130). Every NOTIFICATIONS_WORKER_INTERVAL_MS:
 * 1. rows left `sending` by a dead instance (or past their row lease) go back to `pending`;
 * 2. quiet periods that ended become one summary message each;
 * 3. due `pending` rows are claimed with a conditional UPDATE (pending →
 *    sending, this instance's id, a lease) — the row goes to whoever's update
 *    matched, so two instances never send the same row — then sent and
 *    marked delivered, retried later (capped exponential backoff with jitter,
 *    Retry-After honoured), or failed.
 * Semantics: at-least-once with a stable delivery id. A graceful stop waits
 * for in-flight sends; a crash between the receiver's 2xx and the mark
 * resends the same id after the restart.
 */
const BATCH = 20;
const CONCURRENCY = 4;
const RETRY_AFTER_CAP_MS = 3_600_000;

const state = remember("notify.worker", () => ({
  timer: undefined as ReturnType<typeof setTimeout> | undefined,
  sweepTimer: undefined as ReturnType<typeof setInterval> | undefined,
  running: false,
  stopping: false,
  ticking: undefined as Promise<void> | undefined,
  inFlight: new Set<Promise<unknown>>(),
  /** scripts/server.mjs calls this on SIGTERM, from the registry, before the lease is released. */
  stop: (maxWaitMs?: number) => stopWorker(maxWaitMs),
}));

/** The wait before attempt n+1 after `attempts` failed ones: the product's backoff (lib/smoke/backoff.ts), replayed from the count so it survives restarts. */
export function retryDelayMs(attempts: number, retryAfterMs: number | undefined, base: number, max: number): number {
  const next = backoffSchedule(base, max);
  let d = base;
  for (let i = 0; i < Math.max(1, attempts); i++) d = next();
  if (retryAfterMs !== undefined) d = Math.max(d, Math.min(retryAfterMs, RETRY_AFTER_CAP_MS));
  return d;
}

/** 1. Rows a stopped instance was sending (or whose row lease ran out): back to pending, or failed when no attempt is left. */
export async function reclaimAbandoned(now = new Date()): Promise<number> {
  const sending = await db.notifyDelivery.findMany({ where: { status: "sending" }, distinct: ["leaseInstanceId"], select: { leaseInstanceId: true } });
  const owners = sending.map((s) => s.leaseInstanceId).filter((id): id is string => !!id && id !== instanceId());
  const live = new Set(owners.length ? (await db.appInstance.findMany({ where: { id: { in: owners }, deadAt: null, leaseUntil: { gte: now } }, select: { id: true } })).map((i) => i.id) : []);
  const dead = owners.filter((id) => !live.has(id));
  const abandoned = { status: "sending", OR: [{ leaseUntil: { lt: now } }, { leaseInstanceId: { in: dead } }, { leaseInstanceId: null }] };
  const gaveUp = await db.notifyDelivery.updateMany({
    where: { ...abandoned, attempts: { gte: db.notifyDelivery.fields.maxAttempts } },
    data: { status: "failed", leaseInstanceId: null, leaseUntil: null, lastError: "The app stopped during the last attempt; no attempts left." },
  });
  const back = await db.notifyDelivery.updateMany({ where: abandoned, data: { status: "pending", nextAttemptAt: now, leaseInstanceId: null, leaseUntil: null, lastError: "The app stopped during an attempt; sent again (same delivery id)." } });
  return gaveUp.count + back.count;
}

const hhmm = (d: Date) => d.toISOString().slice(11, 16);

/** 2. One summary per quiet period that has ended with suppressed events in it. */
export async function foldQuietPeriods(now = new Date()): Promise<number> {
  const heads = await db.notifyDelivery.findMany({ where: { status: "suppressed", summaryId: null, windowEndsAt: { lte: now } }, distinct: ["windowHeadId"], select: { windowHeadId: true }, take: 100 });
  let made = 0;
  for (const { windowHeadId } of heads) {
    if (!windowHeadId) continue;
    try {
      await db.$transaction(async (tx) => {
        const rows = await tx.notifyDelivery.findMany({ where: { windowHeadId, status: "suppressed", summaryId: null }, orderBy: { occurredAt: "asc" }, select: { id: true, occurredAt: true } });
        if (!rows.length) return;
        const head = await tx.notifyDelivery.findUnique({ where: { id: windowHeadId } });
        if (!head) return;
        const label = EVENT_LABEL[head.event as DeliveryEvent] ?? head.event;
        const p = readPayload(head.payload);
        const summary = await tx.notifyDelivery.create({
          data: {
            channelId: head.channelId,
            ruleId: head.ruleId,
            event: head.event,
            subjectKey: head.subjectKey,
            // Unique per (channel, key): a second instance folding the same period fails here and rolls back.
            dedupeKey: `summary:${windowHeadId}`,
            subject: safeText(`${rows.length} more since ${hhmm(head.createdAt)} UTC: ${head.subject}`, 160),
            payload: JSON.stringify({
              verdict: p.verdict,
              link: p.link,
              data: { summary: true, label, count: rows.length, since: head.createdAt.toISOString(), firstOccurredAt: rows[0].occurredAt.toISOString(), lastOccurredAt: rows[rows.length - 1].occurredAt.toISOString(), ...pickFacts(p.data) },
            }),
            occurredAt: now,
            createdAt: now,
            status: "pending",
            nextAttemptAt: now,
            isSummary: true,
            maxAttempts: head.maxAttempts,
          },
        });
        await tx.notifyDelivery.updateMany({ where: { id: { in: rows.map((r) => r.id) }, summaryId: null }, data: { summaryId: summary.id } });
        made += 1;
      });
    } catch (err) {
      if ((err as { code?: string }).code !== "P2002") throw err;
    }
  }
  return made;
}

/** The facts a summary repeats from its period's first message (names, not per-event ids). */
function pickFacts(data: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const k of ["targetId", "targetName", "packetId", "packetTitle"]) if (data[k] !== undefined) out[k] = data[k];
  return out;
}

/** A rule's rehearsals that have stayed unreviewed for its N days (finished, not running), once per (rule, rehearsal). */
export async function sweepUnreviewed(now = new Date()): Promise<number> {
  const rules = await db.notifyRule.findMany({ where: { event: "rehearsal_unreviewed", enabled: true }, select: { id: true, unreviewedDays: true, createdAt: true } });
  let written = 0;
  for (const rule of rules) {
    const days = rule.unreviewedDays * 86_400_000;
    // NOTE: only rehearsals that cross the line while the rule exists: a new rule does not page for last year's backlog.
    const rows = await db.rehearsal.findMany({
      where: { reviewedAt: null, state: { not: "running" }, finishedAt: { lte: new Date(now.getTime() - days), gte: new Date(rule.createdAt.getTime() - days) } },
      orderBy: { finishedAt: "asc" },
      take: 200,
      select: { id: true, targetId: true, targetName: true, finishedAt: true, trigger: true, state: true },
    });
    for (const r of rows) {
      try {
        written += await db.$transaction((tx) =>
          enqueue(
            tx,
            {
              event: "rehearsal_unreviewed",
              ruleId: rule.id,
              dedupe: `unreviewed:${r.id}`,
              subjectKey: r.targetId ?? r.targetName,
              subject: `Rehearsal on ${r.targetName} unreviewed for ${rule.unreviewedDays} day(s)`,
              verdict: "unreviewed",
              link: `/history/rehearsals/${r.id}`,
              data: { rehearsalId: r.id, targetId: r.targetId, targetName: r.targetName, trigger: r.trigger, state: r.state, finishedAt: r.finishedAt?.toISOString() ?? null, unreviewedDays: rule.unreviewedDays },
            },
            now,
          ),
        );
      } catch (err) {
        if ((err as { code?: string }).code !== "P2002") throw err;
      }
    }
  }
  return written;
}

function absoluteLink(link: string | undefined) {
  if (!link) return undefined;
  return /^https?:\/\//.test(link) ? link : `${publicOrigin()}${link.startsWith("/") ? "" : "/"}${link}`;
}

async function finish(d: NotifyDelivery, me: string, outcome: SendOutcome, channel: NotifyChannel) {
  const now = new Date();
  const mine = { id: d.id, status: "sending", leaseInstanceId: me };
  const { NOTIFICATIONS_BACKOFF_BASE_MS: base, NOTIFICATIONS_BACKOFF_MAX_MS: max } = env();
  if (outcome.ok) {
    await db.notifyDelivery.updateMany({ where: mine, data: { status: "delivered", deliveredAt: now, lastError: null, leaseInstanceId: null, leaseUntil: null, nextAttemptAt: null } });
    return;
  }
  // `d` is the row as read before the claim, which counted this attempt.
  const attempts = d.attempts + 1;
  const error = safeError(outcome.error, channelSecrets(channel));
  if (outcome.retryable && attempts < d.maxAttempts) {
    const wait = retryDelayMs(attempts, outcome.retryAfterMs, base, Math.max(base, max));
    await db.notifyDelivery.updateMany({ where: mine, data: { status: "pending", nextAttemptAt: new Date(now.getTime() + wait), lastError: error, leaseInstanceId: null, leaseUntil: null } });
  } else {
    await db.notifyDelivery.updateMany({ where: mine, data: { status: "failed", lastError: error, leaseInstanceId: null, leaseUntil: null, nextAttemptAt: null } });
  }
}

async function deliverOne(d: NotifyDelivery & { channel: NotifyChannel }, me: string) {
  const p = readPayload(d.payload);
  let outcome: SendOutcome;
  try {
    outcome = await sendTo(d.channel, { id: d.id, event: d.event as DeliveryEvent, occurredAt: d.occurredAt, subject: d.subject, verdict: p.verdict, appLink: absoluteLink(p.link), data: p.data });
  } catch (err) {
    outcome = { ok: false, retryable: true, error: `send failed: ${(err as Error).name}` };
  }
  await finish(d, me, outcome, d.channel);
}

/**
 * 3. Claim and send what is due; resolves when this batch is done. Each lane
 * claims its next row just before sending it, so a claim's lease (send
 * timeout + instance lease) always covers its one send, and a graceful stop
 * claims nothing more.
 */
export async function deliverDue(now = new Date()): Promise<number> {
  const me = instanceId();
  const due = await db.notifyDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, channel: { enabled: true } },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: BATCH,
    include: { channel: true },
  });
  let next = 0;
  let sent = 0;
  const lane = async () => {
    while (next < due.length && !state.stopping) {
      const d = due[next++];
      const leaseUntil = new Date(Date.now() + env().NOTIFICATIONS_SEND_TIMEOUT_MS + env().INSTANCE_LEASE_MS);
      // The claim: only one UPDATE can move this row out of `pending` (any engine, any number of instances).
      const won = await db.notifyDelivery.updateMany({ where: { id: d.id, status: "pending", attempts: d.attempts }, data: { status: "sending", leaseInstanceId: me, leaseUntil, attempts: { increment: 1 } } });
      if (won.count !== 1) continue;
      sent += 1;
      const p = deliverOne(d, me).catch((err: unknown) => logger.error({ delivery: d.id, err: (err as Error).name }, "notification delivery bookkeeping failed"));
      state.inFlight.add(p);
      await p.finally(() => state.inFlight.delete(p));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, lane));
  return sent;
}

/** One pass of 1–3 (tests call it directly; the timer calls it in the server). */
export async function workOnce(now = new Date()) {
  const reclaimed = await reclaimAbandoned(now);
  const summaries = await foldQuietPeriods(now);
  const sent = await deliverDue(now);
  return { reclaimed, summaries, sent };
}

function schedule() {
  if (state.stopping || !state.running) return;
  state.timer = setTimeout(() => {
    state.ticking = workOnce()
      .then(() => undefined)
      .catch((err: unknown) => logger.error({ err: (err as Error).name }, "notification worker pass failed"))
      .finally(() => {
        state.ticking = undefined;
        schedule();
      });
  }, env().NOTIFICATIONS_WORKER_INTERVAL_MS);
  state.timer.unref?.();
}

/** Called from lib/server-start.ts after the instance lease exists. NOTIFICATIONS_WORKER=off starts nothing. */
export function startNotifyWorker() {
  if (env().NOTIFICATIONS_WORKER === "off" || state.running) return;
  state.running = true;
  state.stopping = false;
  schedule();
  state.sweepTimer = setInterval(() => {
    if (state.stopping) return;
    void sweepUnreviewed().catch((err: unknown) => logger.error({ err: (err as Error).name }, "unreviewed-rehearsal sweep failed"));
  }, env().NOTIFICATIONS_SWEEP_INTERVAL_MS);
  state.sweepTimer.unref?.();
}

/** Graceful stop: no new claims; in-flight sends finish and are marked (bounded by maxWaitMs). */
export async function stopWorker(maxWaitMs = 15_000): Promise<void> {
  state.stopping = true;
  state.running = false;
  clearTimeout(state.timer);
  clearInterval(state.sweepTimer);
  const wait = Promise.allSettled([state.ticking, ...state.inFlight]);
  await Promise.race([wait, new Promise((r) => setTimeout(r, maxWaitMs).unref?.())]);
}
