import { z } from "zod";
import { wholeNumber } from "@/lib/shared/decimal";
import { looksLikeSecret } from "@/lib/shared/secret-guard";

export * from "@/lib/smoke/constants";
import { ATTEMPT_DECISIONS, CONTRACT_RESULTS, ERROR_SCENARIOS, FALLBACK_DECISIONS, OPERATOR_RESULTS, REPLAY_STATUSES, RUN_PATHS, RUN_TRIGGERS, STATUS_FAMILIES, STREAM_TERMINATIONS } from "@/lib/smoke/constants";

export const CheckSchema = z.object({ name: z.string(), passed: z.boolean(), detail: z.string() }).strict();
export type Check = z.infer<typeof CheckSchema>;

export const AttemptSchema = z
  .object({
    seq: z.number().int(),
    targetId: z.string().nullable(),
    targetName: z.string(),
    role: z.enum(["primary", "fallback"]),
    spanId: z.string(),
    serverAddress: z.string(),
    startedAt: z.string(),
    durationMs: z.number().int(),
    statusCode: z.number().int().nullable(),
    statusFamily: z.enum(STATUS_FAMILIES),
    errorClass: z.string().nullable(),
    errorType: z.string().nullable(),
    requestId: z.string().nullable(),
    retryAfterMs: z.number().int().nullable(),
    waitMs: z.number().int(),
    decision: z.enum(ATTEMPT_DECISIONS),
    decisionRule: z.string(),
    profile: z.string(),
    contractResult: z.enum(CONTRACT_RESULTS).nullable(),
    sanitizedSummary: z.string().nullable(),
    // Streamed attempts only (docs/decisions/110); absent otherwise.
    timeToFirstByteMs: z.number().int().nullable().optional(),
    timeToFirstTokenMs: z.number().int().nullable().optional(),
    streamChunks: z.number().int().optional(),
    streamTermination: z.enum(STREAM_TERMINATIONS).nullable().optional(),
  })
  .strict();
export type Attempt = z.infer<typeof AttemptSchema>;

/** The record: the guide's field names verbatim, plus DESIGN.md's extras. */
export const RecordSchema = z
  .object({
    test_id: z.string(),
    checked_at: z.string(),
    environment_label: z.string(),
    endpoint_family: z.string(),
    http_status_family: z.enum(STATUS_FAMILIES).nullable(),
    client_error_class: z.string().nullable(),
    retry_attempts: z.number().int(),
    fallback_decision: z.enum(FALLBACK_DECISIONS).nullable(),
    trace_id_placeholder: z.string(),
    operator_result: z.enum(OPERATOR_RESULTS).nullable(),
    notes: z.string(),
    http_status_code: z.number().int().nullable(),
    retry_ceiling: z.number().int(),
    response_object_family: z.string().nullable(),
    contract_result: z.enum(CONTRACT_RESULTS).nullable(),
    sanitized_error_summary: z.string().nullable(),
    request_id: z.string().nullable(),
    duration_ms: z.number().int().nullable(),
    // Streamed runs only, beside the guide's template (DESIGN.md "Streaming"); absent otherwise.
    stream: z.literal(true).optional(),
    time_to_first_byte_ms: z.number().int().nullable().optional(),
    time_to_first_token_ms: z.number().int().nullable().optional(),
    stream_chunks: z.number().int().nullable().optional(),
    stream_termination: z.enum(STREAM_TERMINATIONS).nullable().optional(),
    attempts: z.array(AttemptSchema),
  })
  .strict();
export type EvidenceRecord = z.infer<typeof RecordSchema>;

/** Who did something, as a person sees it: an id (null for a schedule or a removed user) and the label kept with the record. */
export const PersonRefSchema = z.object({ id: z.string().nullable(), label: z.string() }).strict();
export type PersonRef = z.infer<typeof PersonRefSchema>;
/** A label column pair as a PersonRef, or null when nobody was recorded. */
export const personRef = (id: string | null, label: string | null): PersonRef | null => (label ? { id, label } : null);

/** Who/what/when of a run: shared by the full run and the list row. */
export const ActorRefSchema = z.object({ kind: z.enum(["user", "token", "schedule", "system", "anonymous"]).catch("system"), id: z.string().nullable(), label: z.string() }).strict();

const RunIdentityFields = {
    id: z.number().int(),
    testId: z.string(),
    state: z.enum(["running", "done", "failed"]),
    targetId: z.string().nullable(),
    targetName: z.string(),
    rehearsalId: z.string().nullable(),
    path: z.enum(RUN_PATHS),
    errorScenario: z.enum(ERROR_SCENARIOS).nullable(),
    trigger: z.enum(RUN_TRIGGERS),
    /** Who started it (user, token or schedule); null for records from before accounts. */
    startedBy: ActorRefSchema.nullable(),
};

/**
 * The attempt in flight while a run runs, for the live view: which attempt of
 * the leg (1-based), the leg target's retry ceiling, when it started, how long
 * the server had measured it when the response was built, and its timeouts —
 * never prompt or response text. Only the instance running the run knows it.
 */
export const LiveAttemptSchema = z
  .object({
    leg: z.enum(["primary", "fallback"]),
    attempt: z.number().int(),
    ceiling: z.number().int(),
    startedAt: z.string(),
    elapsedMs: z.number().int(),
    timeoutMs: z.number().int(),
    stream: z.boolean(),
    idleTimeoutMs: z.number().int().nullable(),
  })
  .strict();
export type LiveAttempt = z.infer<typeof LiveAttemptSchema>;

export const RunSchema = z
  .object({
    ...RunIdentityFields,
    /** The replayed status of a replay_status run (Run again repeats it); null otherwise. */
    replayStatus: z.number().int().nullable(),
    providerProfile: z.string(),
    model: z.string(),
    credentialConfigured: z.boolean(),
    expectation: z.string().nullable(),
    fallbackReason: z.string().nullable(),
    checks: z.array(CheckSchema),
    record: RecordSchema,
    attempts: z.array(AttemptSchema),
    /** While a streaming run runs: chunks and text-bearing chunks so far, and the first-token time — never the text. */
    live: z.object({ chunks: z.number().int(), tokens: z.number().int(), timeToFirstTokenMs: z.number().int().nullable() }).strict().optional(),
    liveAttempt: LiveAttemptSchema.optional(),
  })
  .strict();
export type RunJson = z.infer<typeof RunSchema>;

/** A run row without attempts: the records list and history. */
export const RunSummarySchema = z
  .object({
    ...RunIdentityFields,
    checkedAt: z.string(),
    environmentLabel: z.string(),
    httpStatusCode: z.number().int().nullable(),
    httpStatusFamily: z.enum(STATUS_FAMILIES).nullable(),
    clientErrorClass: z.string().nullable(),
    retryAttempts: z.number().int(),
    fallbackDecision: z.enum(FALLBACK_DECISIONS).nullable(),
    operatorResult: z.enum(OPERATOR_RESULTS).nullable(),
    contractResult: z.enum(CONTRACT_RESULTS).nullable(),
    durationMs: z.number().int().nullable(),
    traceId: z.string(),
  })
  .strict();
export type RunSummary = z.infer<typeof RunSummarySchema>;

const ReplayStatusSchema = wholeNumber("replayStatus must be an HTTP status code.").refine((v) => (REPLAY_STATUSES as readonly number[]).includes(v), {
  message: `replayStatus must be one of ${REPLAY_STATUSES.join(", ")}.`,
});

/** POST /api/runs */
export const RunInputSchema = z
  .object({
    targetId: z.string({ error: "targetId is required." }).min(1, "targetId is required."),
    path: z.enum(RUN_PATHS, { error: 'path must be "happy" or "error".' }),
    errorScenario: z.enum(ERROR_SCENARIOS, { error: `errorScenario must be one of ${ERROR_SCENARIOS.join(", ")}.` }).optional(),
    replayStatus: ReplayStatusSchema.optional(),
    /** Send this run with `stream: true` (default: the target's choice). */
    stream: z.boolean({ error: "stream must be true or false." }).optional(),
    notes: z
      .string()
      .max(500)
      .refine((v) => !looksLikeSecret(v), "This looks like a credential or token. Notes go into exports; describe it instead.")
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.replayStatus !== undefined && v.errorScenario !== "replay_status") {
      ctx.addIssue({ code: "custom", path: ["replayStatus"], message: "replayStatus only applies to the replay_status scenario." });
    }
    if (v.path === "error" && !v.errorScenario) {
      ctx.addIssue({ code: "custom", path: ["errorScenario"], message: "An error-path run needs an errorScenario." });
    }
    if (v.path === "happy" && v.errorScenario) {
      ctx.addIssue({ code: "custom", path: ["errorScenario"], message: "A happy-path run takes no errorScenario." });
    }
  });
export type RunInput = z.input<typeof RunInputSchema>;

/** POST /api/rehearsals */
export const RehearsalInputSchema = z
  .object({
    targetId: z.string({ error: "targetId is required." }).min(1, "targetId is required."),
    errorScenario: z.enum(ERROR_SCENARIOS).default("missing_credential"),
    replayStatus: ReplayStatusSchema.optional(),
    /** Send both runs with `stream: true` (default: the target's choice). */
    stream: z.boolean({ error: "stream must be true or false." }).optional(),
  })
  .strict()
  .refine((v) => v.replayStatus === undefined || v.errorScenario === "replay_status", {
    path: ["replayStatus"],
    message: "replayStatus only applies to the replay_status scenario.",
  });
export type RehearsalInput = z.input<typeof RehearsalInputSchema>;

const decisionText = z
  .string()
  .trim()
  .max(1000)
  .refine((v) => !looksLikeSecret(v), "This looks like a credential or token. Remove it; record which identifier is safe, not a secret.")
  .nullable()
  .optional();

/** PATCH /api/rehearsals/:id — the guide's three decisions. */
export const RehearsalDecisionsSchema = z
  .object({
    decisionSafeIdentifier: decisionText,
    decisionAccountFacts: decisionText,
    decisionHoldFallback: decisionText,
  })
  .strict();

export const RehearsalSchema = z
  .object({
    id: z.string(),
    targetId: z.string().nullable(),
    targetName: z.string(),
    errorScenario: z.enum(ERROR_SCENARIOS),
    trigger: z.enum(RUN_TRIGGERS),
    startedBy: ActorRefSchema.nullable(),
    state: z.enum(["running", "done", "failed"]),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    decisions: z
      .object({
        safeIdentifier: z.string().nullable(),
        accountFacts: z.string().nullable(),
        holdFallback: z.string().nullable(),
      })
      .strict(),
    reviewedAt: z.string().nullable(),
    reviewComment: z.string().nullable(),
    reviewedBy: PersonRefSchema.nullable(),
    happy: RunSchema.nullable(),
    error: RunSchema.nullable(),
  })
  .strict();
export type RehearsalJson = z.infer<typeof RehearsalSchema>;

/** `:id` of a run in a URL. */
export const RunIdSchema = z.object({
  id: wholeNumber("Run id must be a number.").pipe(z.number().positive("Run id must be a positive number.")),
});
