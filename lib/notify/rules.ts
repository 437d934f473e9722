import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { audit } from "@/lib/audit/log";
import { db } from "@/lib/db";
import { badRequest, notFound } from "@/lib/errors";
import type { NotifyRule, Prisma } from "@/lib/generated/prisma/client";
import type { NotifyEvent, Rule, RuleCreate, RulePatch } from "@/lib/notify/schema";

type RuleRow = NotifyRule & { channels: { channelId: string }[] };

export function toRule(r: RuleRow): Rule {
  return {
    id: r.id,
    event: r.event as NotifyEvent,
    channelIds: r.channels.map((c) => c.channelId).sort(),
    quietPeriodMinutes: r.quietPeriodMinutes,
    unreviewedDays: r.unreviewedDays,
    enabled: r.enabled,
    createdAt: r.createdAt.toISOString(),
  };
}

const withChannels = { channels: { select: { channelId: true } } } as const;

export async function listRules(): Promise<Rule[]> {
  const rows = await db.notifyRule.findMany({ include: withChannels, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toRule);
}

async function checkChannels(tx: Prisma.TransactionClient, ids: string[]) {
  const unique = [...new Set(ids)];
  if (!unique.length) return unique;
  const found = new Set((await tx.notifyChannel.findMany({ where: { id: { in: unique } }, select: { id: true } })).map((c) => c.id));
  const unknown = unique.filter((id) => !found.has(id));
  if (unknown.length) throw badRequest("Invalid request.", unknown.map((id) => ({ path: "channelIds", message: `No channel ${id}.` })));
  return unique;
}

function describe(r: { event: string; quietPeriodMinutes: number }, channels: number) {
  return `${r.event} · ${channels} channel(s) · quiet ${r.quietPeriodMinutes} min`;
}

export async function createRule(input: RuleCreate, actor: Actor): Promise<Rule> {
  const row = await db.$transaction(async (tx) => {
    const channelIds = await checkChannels(tx, input.channelIds);
    const created = await tx.notifyRule.create({
      data: {
        event: input.event,
        quietPeriodMinutes: input.quietPeriodMinutes,
        unreviewedDays: input.unreviewedDays,
        enabled: input.enabled,
        channels: { create: channelIds.map((channelId) => ({ channelId })) },
      },
      include: withChannels,
    });
    await audit({ actor, action: "notify.rule.create", subjectType: "notify_rule", subjectId: created.id, detail: describe(created, channelIds.length) }, tx);
    return created;
  });
  return toRule(row);
}

export async function updateRule(id: string, patch: RulePatch, actor: Actor): Promise<Rule> {
  const row = await db.$transaction(async (tx) => {
    const existing = await tx.notifyRule.findUnique({ where: { id }, include: withChannels });
    if (!existing) throw notFound("Rule");
    const channelIds = patch.channelIds ? await checkChannels(tx, patch.channelIds) : undefined;
    if (channelIds) {
      await tx.notifyRuleChannel.deleteMany({ where: { ruleId: id } });
      if (channelIds.length) await tx.notifyRuleChannel.createMany({ data: channelIds.map((channelId) => ({ ruleId: id, channelId })) });
    }
    const updated = await tx.notifyRule.update({
      where: { id },
      data: { event: patch.event, quietPeriodMinutes: patch.quietPeriodMinutes, unreviewedDays: patch.unreviewedDays, enabled: patch.enabled },
      include: withChannels,
    });
    const changed = (Object.keys(patch) as (keyof RulePatch)[]).filter((k) => patch[k] !== undefined);
    await audit({ actor, action: "notify.rule.update", subjectType: "notify_rule", subjectId: id, detail: `${describe(updated, updated.channels.length)}: ${changed.join(", ") || "no change"}` }, tx);
    return updated;
  });
  return toRule(row);
}

export async function deleteRule(id: string, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    const existing = await tx.notifyRule.findUnique({ where: { id }, include: withChannels });
    if (!existing) throw notFound("Rule");
    await tx.notifyRule.delete({ where: { id } });
    await audit({ actor, action: "notify.rule.delete", subjectType: "notify_rule", subjectId: id, detail: describe(existing, existing.channels.length) }, tx);
  });
}
