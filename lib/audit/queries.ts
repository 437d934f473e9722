import "server-only";
import { z } from "zod";
import { AUDIT_ACTIONS } from "@/lib/audit/log";
import { db } from "@/lib/db";
import { csvCell } from "@/lib/history/export";

export const AuditFiltersSchema = z.object({
  action: z.enum(AUDIT_ACTIONS).optional(),
  /** Part of the actor label (an email, a token name, "schedule"). */
  actor: z.string().trim().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** The id of the last entry of the previous page. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditFilters = z.output<typeof AuditFiltersSchema>;

export type AuditItem = { id: number; at: string; actorKind: string; actorLabel: string; action: string; subjectType: string | null; subjectId: string | null; detail: string; ipAddress: string | null };

function where(f: AuditFilters) {
  return {
    ...(f.action ? { action: f.action } : {}),
    ...(f.actor ? { actorLabel: { contains: f.actor } } : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lt: new Date(f.to) } : {}) } } : {}),
    ...(f.before ? { id: { lt: f.before } } : {}),
  };
}

export async function listAudit(f: AuditFilters): Promise<{ items: AuditItem[]; nextBefore: number | null }> {
  const rows = await db.auditEvent.findMany({ where: where(f), orderBy: { id: "desc" }, take: f.limit + 1 });
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((r) => ({ id: r.id, at: r.at.toISOString(), actorKind: r.actorKind, actorLabel: r.actorLabel, action: r.action, subjectType: r.subjectType, subjectId: r.subjectId, detail: r.detail, ipAddress: r.ipAddress })),
    nextBefore: rows.length > f.limit ? page[page.length - 1].id : null,
  };
}

export async function auditCsv(f: AuditFilters): Promise<string> {
  const lines = ["id,at,actor_kind,actor,action,subject_type,subject_id,detail,ip_address"];
  let before = f.before;
  for (;;) {
    const { items, nextBefore } = await listAudit({ ...f, before, limit: 500 });
    for (const i of items) lines.push([i.id, i.at, i.actorKind, i.actorLabel, i.action, i.subjectType, i.subjectId, i.detail, i.ipAddress].map(csvCell).join(","));
    if (!nextBefore || lines.length > 100_000) break;
    before = nextBefore;
  }
  return lines.join("\n") + "\n";
}
