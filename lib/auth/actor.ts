/**
 * Who did something, as records, packets, share links and the audit log
 * store it: the kind, an id, and a label kept even when the user is gone.
 */
export type Actor = {
  kind: "user" | "token" | "schedule" | "system" | "anonymous";
  /** The user id (also for a token: its owner). */
  id?: string | null;
  label: string;
  ip?: string | null;
};

export const SCHEDULE_ACTOR: Actor = { kind: "schedule", id: null, label: "schedule" };
export const SYSTEM_ACTOR: Actor = { kind: "system", id: null, label: "system" };

/** Columns `startedByKind/Id/Label` (runs, rehearsals). */
export function startedBy(actor: Actor | undefined) {
  if (!actor) return {};
  return { startedByKind: actor.kind, startedById: actor.id ?? null, startedByLabel: actor.label };
}
