import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";

/**
 * The audit log: append-only (database triggers refuse UPDATE and DELETE),
 * written with the change it records — pass the transaction client so both
 * commit or neither does. `detail` is short and safe: names, field names,
 * states; never a credential value, prompt, response or token.
 */
export const AUDIT_ACTIONS = [
  "sign_in", "sign_in_failed", "sign_out", "owner_created", "user_created", "user_role_changed", "user_removed", "password_changed",
  "sessions_revoked", "invitation_created", "invitation_revoked", "invitation_used", "token_created", "token_revoked",
  "target_created", "target_updated", "target_deleted", "breaker_reset", "schedule_changed", "schedule_removed", "run_started", "rehearsal_started",
  "rehearsal_reviewed", "packet_created", "packet_status_changed", "packet_exported", "share_link_created", "share_link_revoked",
  "share_link_first_view", "settings_changed",
  // Notifications (issue 16, decision 130).
  "notify.channel.create", "notify.channel.update", "notify.channel.delete", "notify.rule.create", "notify.rule.update", "notify.rule.delete", "notify.test",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditEntry = {
  actor: Actor;
  action: AuditAction;
  subjectType?: string;
  subjectId?: string;
  detail?: string;
};

type Writer = Pick<Prisma.TransactionClient, "auditEvent">;

export async function audit(entry: AuditEntry, tx: Writer = db): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorKind: entry.actor.kind,
      actorId: entry.actor.id ?? null,
      actorLabel: entry.actor.label.slice(0, 200),
      action: entry.action,
      subjectType: entry.subjectType ?? null,
      subjectId: entry.subjectId ?? null,
      detail: (entry.detail ?? "").slice(0, 500),
      ipAddress: entry.actor.ip ?? null,
    },
  });
}
