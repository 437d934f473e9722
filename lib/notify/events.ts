import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";
import { enqueue } from "@/lib/notify/outbox";
import { remember } from "@/lib/shared/registry";
import { formatTestId } from "@/lib/smoke/constants";
import { resilience } from "@/lib/smoke/resilience";

/**
 * The events, each written into the outbox by the write that is the event
 * (same transaction client `tx`), with record facts only: names, ids,
 * operator results, status families, error classes, fallback decisions.
 * Never a credential value, the prompt or a response text — the records
 * themselves hold none (docs/decisions/003), and lib/notify/sanitize.ts
 * checks every string again.
 */
type Tx = Prisma.TransactionClient;

/**
 * A scheduled rehearsal has finished (state done or failed): "failed" when
 * either record's operator result is not `pass`, or the rehearsal failed on
 * infrastructure. Called in the transaction that closes the rehearsal.
 */
export async function notifyScheduledRehearsalResult(tx: Tx, rehearsalId: string, now = new Date()): Promise<number> {
  const r = await tx.rehearsal.findUnique({
    where: { id: rehearsalId },
    select: {
      id: true,
      targetId: true,
      targetName: true,
      state: true,
      trigger: true,
      errorScenario: true,
      scheduledSlot: true,
      runs: { orderBy: { id: "asc" }, select: { id: true, path: true, operatorResult: true, httpStatusFamily: true, clientErrorClass: true, fallbackDecision: true, state: true } },
    },
  });
  if (!r || r.trigger !== "scheduled") return 0;
  const notPassed = r.runs.filter((run) => run.operatorResult !== "pass");
  const failed = r.state === "failed" || r.runs.length < 2 || notPassed.length > 0;
  if (!failed) return 0;
  const which = r.state === "failed" ? "failed on infrastructure" : notPassed.map((run) => `${run.path} record ${run.operatorResult ?? "no result"}`).join(", ") || "a record is missing";
  return enqueue(
    tx,
    {
      event: "scheduled_rehearsal_failed",
      subjectKey: r.targetId ?? r.targetName,
      subject: `Scheduled rehearsal failed on ${r.targetName}: ${which}`,
      verdict: "failed",
      link: `/history/rehearsals/${r.id}`,
      occurredAt: now,
      data: {
        rehearsalId: r.id,
        targetId: r.targetId,
        targetName: r.targetName,
        errorScenario: r.errorScenario,
        state: r.state,
        scheduledSlot: r.scheduledSlot?.toISOString() ?? null,
        records: r.runs.map((run) => ({
          testId: formatTestId(run.id),
          runId: run.id,
          path: run.path,
          operatorResult: run.operatorResult,
          statusFamily: run.httpStatusFamily,
          errorClass: run.clientErrorClass,
          fallbackDecision: run.fallbackDecision,
        })),
      },
    },
    now,
  );
}

/** A packet was marked ready (draft → ready), in setStatus's transaction. */
export function notifyPacketReady(tx: Tx, p: { id: string; title: string; rehearsalId: string | null }, actorLabel: string, now = new Date()) {
  return enqueue(
    tx,
    {
      event: "packet_ready",
      subjectKey: p.id,
      subject: `Packet ready: ${p.title}`,
      verdict: "ready",
      link: `/packets/${p.id}`,
      occurredAt: now,
      data: { packetId: p.id, packetTitle: p.title, rehearsalId: p.rehearsalId, markedReadyBy: actorLabel },
    },
    now,
  );
}

/** A share link's first counted view, in the transaction that stores it (once per link: `dedupe`). */
export async function notifyShareLinkFirstOpened(tx: Tx, linkId: string, firstViewAt: Date, now = new Date()) {
  const link = await tx.shareLink.findUnique({ where: { id: linkId }, select: { id: true, packetId: true, expiresAt: true, packet: { select: { title: true } }, version: { select: { number: true } } } });
  if (!link) return 0;
  return enqueue(
    tx,
    {
      event: "share_link_first_opened",
      subjectKey: link.packetId,
      dedupe: `share:${link.id}`,
      subject: `Share link opened for the first time: ${link.packet.title}`,
      verdict: "opened",
      link: `/packets/${link.packetId}`,
      occurredAt: firstViewAt,
      data: { packetId: link.packetId, packetTitle: link.packet.title, shareLinkId: link.id, version: link.version.number, firstViewAt: firstViewAt.toISOString(), expiresAt: link.expiresAt.toISOString() },
    },
    now,
  );
}

/**
 * A target's breaker opened. The breaker lives in process memory
 * (lib/smoke/resilience.ts), so there is no database write to join: the
 * outbox row is written in its own transaction right after the transition
 * (decision 130). A crash between the two loses this one message.
 */
export async function notifyBreakerOpened(t: { targetId: string; targetName: string; consecutiveFailures: number; openedAt: Date; nextProbeAt: Date | null }) {
  try {
    await db.$transaction((tx) =>
      enqueue(tx, {
        event: "breaker_opened",
        subjectKey: t.targetId,
        subject: `Breaker opened on ${t.targetName}`,
        verdict: "open",
        link: `/targets`,
        occurredAt: t.openedAt,
        data: { targetId: t.targetId, targetName: t.targetName, consecutiveFailures: t.consecutiveFailures, openedAt: t.openedAt.toISOString(), nextProbeAt: t.nextProbeAt?.toISOString() ?? null },
      }),
    );
  } catch (err) {
    logger.error({ target: t.targetId, err: (err as Error).name }, "breaker-opened notification not written");
  }
}

const breakerHook = remember("notify.breakerHook", () => ({ off: undefined as (() => void) | undefined }));

/** Called from lib/server-start.ts: a breaker that opens writes a `breaker_opened` outbox row (sandbox-replay breakers excepted). */
export function listenForBreakerOpenings() {
  if (breakerHook.off) return;
  breakerHook.off = resilience.onOpened((targetKey, view) => {
    if (targetKey.endsWith(":sandbox-replay")) return;
    void (async () => {
      const target = await db.target.findUnique({ where: { id: targetKey }, select: { id: true, name: true } });
      if (!target) return;
      await notifyBreakerOpened({
        targetId: target.id,
        targetName: target.name,
        consecutiveFailures: view.consecutiveFailures,
        openedAt: view.openedAt ? new Date(view.openedAt) : new Date(),
        nextProbeAt: view.nextProbeAt ? new Date(view.nextProbeAt) : null,
      });
    })().catch((err: unknown) => logger.error({ err: (err as Error).name }, "breaker-opened notification failed"));
  });
}
