import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { audit } from "@/lib/audit/log";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { BreakerAction } from "@/lib/generated/prisma/client";
import { BreakerActionSchema, BreakersSchema, type BreakerActionJson, type BreakersJson } from "@/lib/smoke/breaker-schema";
import { resilience, sandboxReplayKey } from "@/lib/smoke/resilience";

/** Every target's breaker and retry budget as this process sees them, and the latest operator actions. */
export async function listBreakers(now = Date.now()): Promise<BreakersJson> {
  const [targets, actions] = await Promise.all([
    db.target.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.breakerAction.findMany({ orderBy: [{ at: "desc" }, { id: "desc" }], take: 20 }),
  ]);
  return BreakersSchema.parse({
    at: new Date(now).toISOString(),
    items: targets.map((t) => ({ targetId: t.id, targetName: t.name, ...resilience.status(t.id, now), sandboxReplay: resilience.status(sandboxReplayKey(t.id), now) })),
    actions: actions.map(toActionJson),
  });
}

function toActionJson(a: BreakerAction): BreakerActionJson {
  return BreakerActionSchema.parse({ ...a, openedAt: a.openedAt?.toISOString() ?? null, at: a.at.toISOString() });
}

/**
 * An operator's reset: the target's breakers (its own and its sandbox
 * replays') close now; the action is recorded with its time and the state it
 * replaced. The retry budget is left alone — its window runs out by itself.
 */
export async function resetBreaker(targetId: string, actor: Actor): Promise<BreakerActionJson> {
  const target = await db.target.findUnique({ where: { id: targetId }, select: { id: true, name: true } });
  if (!target) throw notFound("Target");
  const before = resilience.status(target.id).breaker;
  resilience.resetBreaker(target.id);
  resilience.resetBreaker(sandboxReplayKey(target.id));
  const action = await db.$transaction(async (tx) => {
    const row = await tx.breakerAction.create({
      data: { targetId: target.id, targetName: target.name, action: "reset", stateBefore: before.state, openedAt: before.openedAt ? new Date(before.openedAt) : null, actor: actor.label },
    });
    await audit({ actor, action: "breaker_reset", subjectType: "target", subjectId: target.id, detail: `${target.name} (was ${before.state})` }, tx);
    return row;
  });
  return toActionJson(action);
}
