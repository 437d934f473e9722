import { z } from "zod";
import { ActorRefSchema, PersonRefSchema, ERROR_SCENARIOS, RUN_TRIGGERS } from "@/lib/smoke/schema";
import { looksLikeSecret } from "@/lib/shared/secret-guard";

// Output schemas of the history API. Strict, like every response schema.

const nullableRate = z.number().min(0).max(1).nullable();

export const DayTargetPointSchema = z
  .object({
    day: z.string(),
    targetId: z.string().nullable(),
    targetName: z.string(),
    runs: z.number().int(),
    pass: z.number().int(),
    fail: z.number().int(),
    /** null when the day had no runs with an operator_result: no data is not 0 %. */
    passRate: nullableRate,
  })
  .strict();

export const FailureClassPointSchema = z
  .object({ day: z.string(), statusFamily: z.string(), errorClass: z.string(), count: z.number().int() })
  .strict();

export const RetryDayPointSchema = z
  .object({
    day: z.string(),
    runs: z.number().int(),
    retryAttempts: z.number().int(),
    runsWithRetries: z.number().int(),
    primary_retained: z.number().int(),
    fallback_used: z.number().int(),
    manual_hold: z.number().int(),
  })
  .strict();

export const TargetHealthSchema = z
  .object({
    targetId: z.string(),
    targetName: z.string(),
    environmentLabel: z.string(),
    runs: z.number().int(),
    pass: z.number().int(),
    fail: z.number().int(),
    passRate: nullableRate,
    /** Attempts sent to this target as another target's fallback, in the range, for the runs the filters pick. */
    fallbackLegs: z.number().int(),
    /** …of which it answered and passed the contract (attempt decision "success"). */
    fallbackLegsServed: z.number().int(),
    lastPassAt: z.string().nullable(),
    lastFailAt: z.string().nullable(),
    streak: z.object({ result: z.enum(["pass", "fail"]), count: z.number().int() }).strict().nullable(),
  })
  .strict();

export const HistorySummarySchema = z
  .object({
    range: z.object({ from: z.string(), to: z.string(), days: z.array(z.string()), defaulted: z.boolean() }).strict(),
    totals: z
      .object({
        runs: z.number().int(),
        pass: z.number().int(),
        fail: z.number().int(),
        passRate: nullableRate,
        retryAttempts: z.number().int(),
        primary_retained: z.number().int(),
        fallback_used: z.number().int(),
        manual_hold: z.number().int(),
      })
      .strict(),
    /** Were rehearsals run, did both records pass, were the three decisions made, are they reviewed. */
    rehearsals: z
      .object({ total: z.number().int(), passedBoth: z.number().int(), allDecisions: z.number().int(), unreviewed: z.number().int() })
      .strict(),
    passRateByDay: z.array(DayTargetPointSchema),
    failureClasses: z.array(FailureClassPointSchema),
    retriesByDay: z.array(RetryDayPointSchema),
    targets: z.array(TargetHealthSchema),
  })
  .strict();
export type HistorySummary = z.infer<typeof HistorySummarySchema>;
export type TargetHealth = z.infer<typeof TargetHealthSchema>;

export const REVIEW_FILTERS = ["all", "unreviewed", "reviewed"] as const;

export const RehearsalListItemSchema = z
  .object({
    id: z.string(),
    targetId: z.string().nullable(),
    targetName: z.string(),
    errorScenario: z.enum(ERROR_SCENARIOS),
    trigger: z.enum(RUN_TRIGGERS),
    startedBy: ActorRefSchema.nullable(),
    reviewedBy: PersonRefSchema.nullable(),
    state: z.enum(["running", "done", "failed"]),
    startedAt: z.string(),
    scheduledSlot: z.string().nullable(),
    happyResult: z.enum(["pass", "fail"]).nullable(),
    errorResult: z.enum(["pass", "fail"]).nullable(),
    decisionsRecorded: z.number().int().min(0).max(3),
    reviewedAt: z.string().nullable(),
    packet: z.object({ id: z.string(), title: z.string(), status: z.string() }).strict().nullable(),
  })
  .strict();
export type RehearsalListItem = z.infer<typeof RehearsalListItemSchema>;

export const PacketFedSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    status: z.string(),
    readyAt: z.string().nullable(),
    /** Rehearsal start → packet ready, in ms; null while not ready. */
    msToReady: z.number().int().nullable(),
  })
  .strict();
export type PacketFed = z.infer<typeof PacketFedSchema>;

/** POST /api/rehearsals/:id/review */
export const ReviewInputSchema = z
  .object({
    reviewed: z.boolean().default(true),
    comment: z
      .string({ error: "comment must be text." })
      .trim()
      .max(1000, "Keep the review comment under 1 000 characters.")
      .refine((v) => !looksLikeSecret(v), "This looks like a credential or token. Remove it.")
      .nullish(),
  })
  .strict();
export type ReviewInput = z.input<typeof ReviewInputSchema>;
