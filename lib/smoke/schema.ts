import { z } from "zod";
import { looksLikeSecret } from "@/lib/shared/secret-guard";

/** Vocabulary of the guide, shared by runner, API, UI and exports. */
export const RUN_PATHS = ["happy", "error"] as const;
export const ERROR_SCENARIOS = ["missing_credential", "invalid_model", "forced_timeout", "replay_status"] as const;
export const FALLBACK_DECISIONS = ["primary_retained", "fallback_used", "manual_hold"] as const;
export const STATUS_FAMILIES = ["2xx", "3xx", "4xx", "5xx", "none"] as const;
export const OPERATOR_RESULTS = ["pass", "fail"] as const;
export const CONTRACT_RESULTS = ["pass", "fail", "not_checked"] as const;
export const ATTEMPT_DECISIONS = ["success", "retry", "stop", "fallback"] as const;
export const RUN_TRIGGERS = ["manual", "api", "scheduled", "seed"] as const;
export const REPLAY_STATUSES = [400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504] as const;

export type RunPath = (typeof RUN_PATHS)[number];
export type ErrorScenario = (typeof ERROR_SCENARIOS)[number];
export type FallbackDecision = (typeof FALLBACK_DECISIONS)[number];
export type StatusFamily = (typeof STATUS_FAMILIES)[number];

export const ERROR_SCENARIO_LABELS: Record<ErrorScenario, string> = {
  missing_credential: "Missing credential (same request, no Authorization)",
  invalid_model: "Invalid model (a model name the provider does not serve)",
  forced_timeout: "Forced timeout (a request that cannot answer within the timeout)",
  replay_status: "Replay status (replays an observed HTTP status through the sandbox)",
};

/** Test ids follow the guide: llm-api-escalation-smoke-001, -002, … */
export function formatTestId(id: number): string {
  return `llm-api-escalation-smoke-${String(id).padStart(3, "0")}`;
}

export function statusFamily(code: number | null | undefined): StatusFamily {
  if (!code) return "none";
  if (code >= 200 && code < 300) return "2xx";
  if (code >= 300 && code < 400) return "3xx";
  if (code >= 400 && code < 500) return "4xx";
  if (code >= 500 && code < 600) return "5xx";
  return "none";
}

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
    attempts: z.array(AttemptSchema),
  })
  .strict();
export type EvidenceRecord = z.infer<typeof RecordSchema>;

export const RunSchema = z
  .object({
    id: z.number().int(),
    testId: z.string(),
    state: z.enum(["running", "done", "failed"]),
    targetId: z.string().nullable(),
    targetName: z.string(),
    rehearsalId: z.string().nullable(),
    path: z.enum(RUN_PATHS),
    errorScenario: z.enum(ERROR_SCENARIOS).nullable(),
    trigger: z.enum(RUN_TRIGGERS),
    providerProfile: z.string(),
    model: z.string(),
    credentialConfigured: z.boolean(),
    expectation: z.string().nullable(),
    fallbackReason: z.string().nullable(),
    checks: z.array(CheckSchema),
    record: RecordSchema,
    attempts: z.array(AttemptSchema),
  })
  .strict();
export type RunJson = z.infer<typeof RunSchema>;

/** A run row without attempts: the records list and history. */
export const RunSummarySchema = z
  .object({
    id: z.number().int(),
    testId: z.string(),
    state: z.enum(["running", "done", "failed"]),
    targetId: z.string().nullable(),
    targetName: z.string(),
    rehearsalId: z.string().nullable(),
    path: z.enum(RUN_PATHS),
    errorScenario: z.enum(ERROR_SCENARIOS).nullable(),
    trigger: z.enum(RUN_TRIGGERS),
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

/** POST /api/runs */
export const RunInputSchema = z
  .object({
    targetId: z.string({ error: "targetId is required." }).min(1, "targetId is required."),
    path: z.enum(RUN_PATHS, { error: 'path must be "happy" or "error".' }),
    errorScenario: z.enum(ERROR_SCENARIOS, { error: `errorScenario must be one of ${ERROR_SCENARIOS.join(", ")}.` }).optional(),
    replayStatus: z.coerce.number().int().refine((v) => (REPLAY_STATUSES as readonly number[]).includes(v), {
      message: `replayStatus must be one of ${REPLAY_STATUSES.join(", ")}.`,
    }).optional(),
    notes: z.string().max(500).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
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
    replayStatus: RunInputSchema.shape.replayStatus,
  })
  .strict();
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
    happy: RunSchema.nullable(),
    error: RunSchema.nullable(),
  })
  .strict();
export type RehearsalJson = z.infer<typeof RehearsalSchema>;

/** The guide's three rehearsal decisions, in its words. */
export const REHEARSAL_DECISIONS = [
  { key: "decisionSafeIdentifier", label: "Which trace or request identifier is safe to share internally?" },
  { key: "decisionAccountFacts", label: "Which account-specific facts are outside the public evidence packet and need an authorized dashboard or vendor portal?" },
  { key: "decisionHoldFallback", label: "When should the operator hold fallback instead of retrying again?" },
] as const;

/** `:id` of a run in a URL. */
export const RunIdSchema = z.object({
  id: z.coerce.number({ error: "Run id must be a number." }).int().positive("Run id must be a positive number."),
});
