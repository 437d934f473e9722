import { z } from "zod";

/** What leaves the server about a target's breaker and retry budget (client-safe). */
export const BreakerViewSchema = z
  .object({
    state: z.enum(["closed", "open", "half_open"]),
    consecutiveFailures: z.number().int(),
    openedAt: z.string().nullable(),
    nextProbeAt: z.string().nullable(),
    probeInFlight: z.boolean(),
  })
  .strict();
export type BreakerViewJson = z.infer<typeof BreakerViewSchema>;

export const BudgetSchema = z
  .object({ windowMs: z.number().int(), firstAttempts: z.number().int(), retriesUsed: z.number().int(), retriesAllowed: z.number().int() })
  .strict();

export const TargetBreakerSchema = z
  .object({
    targetId: z.string(),
    targetName: z.string(),
    breaker: BreakerViewSchema,
    budget: BudgetSchema,
    /** The breaker of the sandbox replays (forced_timeout, replay_status) of this target's error path. */
    sandboxReplay: z.object({ breaker: BreakerViewSchema, budget: BudgetSchema }).strict(),
  })
  .strict();
export type TargetBreaker = z.infer<typeof TargetBreakerSchema>;

export const BreakerActionSchema = z
  .object({
    id: z.number().int(),
    targetId: z.string(),
    targetName: z.string(),
    action: z.literal("reset"),
    stateBefore: z.enum(["closed", "open", "half_open"]),
    openedAt: z.string().nullable(),
    /** Who reset it: a user's email, a token label, or (rows from before accounts) "dashboard" / "api". */
    actor: z.string(),
    at: z.string(),
  })
  .strict();
export type BreakerActionJson = z.infer<typeof BreakerActionSchema>;

export const BreakersSchema = z.object({ at: z.string(), items: z.array(TargetBreakerSchema), actions: z.array(BreakerActionSchema) }).strict();
export type BreakersJson = z.infer<typeof BreakersSchema>;

/** "20:15:03 UTC" — the pages show breaker times in UTC, like the history's days. */
export function clockUtc(iso: string): string {
  return `${new Date(iso).toISOString().slice(11, 19)} UTC`;
}

/** "closed" / "open until 20:15:03 UTC" / "half-open". */
export function breakerLabel(b: BreakerViewJson): string {
  if (b.state === "open") return `open until ${b.nextProbeAt ? clockUtc(b.nextProbeAt) : "the next probe"}`;
  if (b.state === "half_open") return b.probeInFlight ? "half-open (probe in flight)" : "half-open (next request probes)";
  return "closed";
}
