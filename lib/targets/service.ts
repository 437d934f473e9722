import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { audit } from "@/lib/audit/log";
import { db } from "@/lib/db";
import { clearTargetCache } from "@/lib/targets/cache";
import { checkTargetPolicy } from "@/lib/targets/policy";
import { credentialSource } from "@/lib/env";
import { AppError, badRequest, conflict, notFound } from "@/lib/errors";
import type { Target as TargetRow } from "@/lib/generated/prisma/client";
import { TargetInputSchema, TargetPatchSchema, TargetSchema, type Target } from "@/lib/targets/schema";
import type { z } from "zod";

type RowWithFallback = TargetRow & { fallbackTarget: { name: string } | null };

export function toTarget(row: RowWithFallback): Target {
  const source = credentialSource(row.credentialEnvVar);
  return TargetSchema.parse({
    id: row.id,
    name: row.name,
    role: row.role,
    endpointFamily: row.endpointFamily,
    providerProfile: row.providerProfile,
    baseUrl: row.baseUrl,
    model: row.model,
    credentialEnvVar: row.credentialEnvVar,
    credentialConfigured: source === "environment" || source === "embedded-default",
    credentialSource: source,
    environmentLabel: row.environmentLabel,
    timeoutMs: row.timeoutMs,
    maxTokens: row.maxTokens,
    retryCeiling: row.retryCeiling,
    backoffBaseMs: row.backoffBaseMs,
    backoffMaxMs: row.backoffMaxMs,
    retryAfterCapMs: row.retryAfterCapMs,
    stream: row.stream,
    streamIdleTimeoutMs: row.streamIdleTimeoutMs,
    fallbackTargetId: row.fallbackTargetId,
    fallbackTargetName: row.fallbackTarget?.name ?? null,
    isSandbox: row.seedKey !== null,
    scheduleCron: row.scheduleCron,
    scheduleEnabled: row.scheduleEnabled,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  });
}

const include = { fallbackTarget: { select: { name: true } } } as const;

export async function listTargets(): Promise<Target[]> {
  const rows = await db.target.findMany({ include, orderBy: [{ name: "asc" }] });
  // Primary paths first, then gateways, then fallbacks — the order of a route.
  const rank = { primary: 0, gateway: 1, fallback: 2 } as Record<string, number>;
  return rows.sort((a, b) => (rank[a.role] ?? 3) - (rank[b.role] ?? 3)).map(toTarget);
}

export async function getTargetRow(id: string) {
  const row = await db.target.findUnique({ where: { id }, include });
  if (!row) throw notFound("Target");
  return row;
}

export async function getTarget(id: string): Promise<Target> {
  return toTarget(await getTargetRow(id));
}

/** A fallback must exist, must not be the target itself, and must not loop back. */
async function checkFallback(targetId: string | null, fallbackTargetId: string | null | undefined) {
  if (!fallbackTargetId) return;
  if (fallbackTargetId === targetId) {
    throw badRequest("A target cannot be its own fallback.", [{ path: "fallbackTargetId", message: "Pick another target as fallback." }]);
  }
  let cursor: string | null = fallbackTargetId;
  const seen = new Set<string>();
  while (cursor) {
    if (seen.has(cursor)) break;
    seen.add(cursor);
    const next: { fallbackTargetId: string | null } | null = await db.target.findUnique({
      where: { id: cursor },
      select: { fallbackTargetId: true },
    });
    if (!next) {
      if (cursor === fallbackTargetId) {
        throw badRequest("Fallback target not found.", [{ path: "fallbackTargetId", message: "No target with this id." }]);
      }
      break;
    }
    if (targetId && next.fallbackTargetId === targetId) {
      throw badRequest("This fallback would create a cycle.", [
        { path: "fallbackTargetId", message: "The chosen fallback already falls back (directly or not) to this target." },
      ]);
    }
    cursor = next.fallbackTargetId;
  }
}

function uniqueNameConflict(err: unknown): never {
  if (typeof err === "object" && err && "code" in err && (err as { code: string }).code === "P2002") {
    throw conflict("A target with this name already exists.", [{ path: "name", message: "Choose a unique name." }]);
  }
  throw err;
}

export async function createTarget(input: z.output<typeof TargetInputSchema>, actor: Actor): Promise<Target> {
  await checkTargetPolicy(input);
  await checkFallback(null, input.fallbackTargetId);
  clearTargetCache();
  const row = await db
    .$transaction(async (tx) => {
      const created = await tx.target.create({ data: { ...input, credentialEnvVar: input.credentialEnvVar ?? null }, include });
      await audit({ actor, action: "target_created", subjectType: "target", subjectId: created.id, detail: `${created.name} · credential variable ${created.credentialEnvVar ?? "none"}` }, tx);
      return created;
    })
    .catch(uniqueNameConflict);
  return toTarget(row);
}

/** Which fields a patch changed; a credential variable's *name* (never a value) is spelled out. */
function describeChange(before: Record<string, unknown>, patch: Record<string, unknown>): string {
  const changed = Object.keys(patch).filter((k) => patch[k] !== undefined && patch[k] !== before[k]);
  return changed
    .map((k) => (k === "credentialEnvVar" ? `credentialEnvVar ${String(before[k] ?? "none")} → ${String(patch[k] ?? "none")}` : k))
    .join(", ");
}

export async function updateTarget(id: string, patch: z.output<typeof TargetPatchSchema>, actor: Actor): Promise<Target> {
  const current = await getTargetRow(id);
  const base = current.backoffBaseMs;
  const max = current.backoffMaxMs;
  if ((patch.backoffBaseMs ?? base) > (patch.backoffMaxMs ?? max)) {
    throw badRequest("Backoff max must be at least the backoff base.", [
      { path: "backoffMaxMs", message: "Backoff max must be at least the backoff base." },
    ]);
  }
  await checkTargetPolicy(patch);
  if (patch.fallbackTargetId !== undefined) await checkFallback(id, patch.fallbackTargetId);
  const row = await db
    .$transaction(async (tx) => {
      const updated = await tx.target.update({ where: { id }, data: patch, include });
      await audit({ actor, action: "target_updated", subjectType: "target", subjectId: id, detail: `${updated.name}: ${describeChange(current, patch) || "no change"}` }, tx);
      return updated;
    })
    .catch(uniqueNameConflict);
  clearTargetCache();
  return toTarget(row);
}

export async function deleteTarget(id: string, actor: Actor): Promise<void> {
  const current = await getTargetRow(id);
  try {
    await db.$transaction(async (tx) => {
      await tx.target.delete({ where: { id } });
      await audit({ actor, action: "target_deleted", subjectType: "target", subjectId: id, detail: current.name }, tx);
    });
    clearTargetCache();
  } catch (err) {
    throw new AppError("conflict", `Target could not be deleted: ${(err as Error).name}.`);
  }
}
