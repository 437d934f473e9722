import { z } from "zod";
import { wholeNumber } from "@/lib/shared/decimal";
import { looksLikeSecret } from "@/lib/shared/secret-guard";

export * from "@/lib/targets/constants";
import { ENDPOINT_FAMILIES, MAX_RETRY_CEILING, PROVIDER_PROFILES, TARGET_ROLES } from "@/lib/targets/constants";

/** A string field whose missing/wrong-type message names the field. */
const text = (label: string) =>
  z.string({ error: (iss) => (iss.input === undefined ? `${label} is required.` : `${label} must be text.`) });

const httpUrl = text("Base URL")
  .trim()
  .min(1, "Base URL is required.")
  .max(500)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.length > 0;
    } catch {
      return false;
    }
  }, "Enter an http:// or https:// URL, e.g. https://api.openai.com/v1.")
  .refine((v) => {
    try {
      const u = new URL(v);
      return !u.username && !u.password;
    } catch {
      return true;
    }
  }, "Do not put credentials in the URL; name an environment variable instead.")
  .transform((v) => v.replace(/\/+$/, ""));

const credentialEnvVar = text("Credential variable name")
  .trim()
  .max(128)
  .refine((v) => !looksLikeSecret(v), "This looks like a credential value. Enter the variable's name (e.g. OPENAI_API_KEY), never its value.")
  .refine((v) => v === "" || /^[A-Za-z_][A-Za-z0-9_]*$/.test(v), "Use an environment variable name: letters, digits and underscores.")
  .transform((v) => (v === "" ? null : v));

const ms = (label: string, min: number, max: number) =>
  wholeNumber(`${label} must be a whole number.`).pipe(
    z.number().min(min, `${label} must be at least ${min}.`).max(max, `${label} must be at most ${max}.`),
  );

/** Target names, models and labels end up in records and exports. */
const noSecret = <T extends z.ZodType<string>>(schema: T) =>
  schema.refine((v) => !looksLikeSecret(v), "This looks like a credential or token; it would end up in records and exports.");

const TargetFields = z.object({
  name: noSecret(text("Name").trim().min(1, "Name is required.").max(80, "Name must be at most 80 characters.")),
  role: z.enum(TARGET_ROLES, { error: "Role must be primary, gateway or fallback." }),
  endpointFamily: z.enum(ENDPOINT_FAMILIES),
  providerProfile: z.enum(PROVIDER_PROFILES),
  baseUrl: httpUrl,
  model: noSecret(text("Model").trim().min(1, "Model is required.").max(120)),
  credentialEnvVar: credentialEnvVar.nullish(),
  environmentLabel: noSecret(text("Environment label").trim().min(1, "Environment label is required (e.g. staging).").max(40)),
  timeoutMs: ms("Timeout", 100, 120_000),
  maxTokens: ms("Max tokens", 1, 4096),
  retryCeiling: ms("Retry ceiling", 0, MAX_RETRY_CEILING),
  backoffBaseMs: ms("Backoff base", 0, 10_000),
  backoffMaxMs: ms("Backoff max", 0, 60_000),
  retryAfterCapMs: ms("Retry-After cap", 0, 60_000),
  /** Send the probe with `stream: true` (docs/decisions/110). */
  stream: z.boolean({ error: "stream must be true or false." }),
  streamIdleTimeoutMs: ms("Stream idle timeout", 100, 120_000),
  fallbackTargetId: z.string().trim().max(64).nullish().transform((v) => (v ? v : null)),
});

/** Defaults for a new target: a small probe, a bounded retry policy. */
const CREATE_DEFAULTS = {
  endpointFamily: TargetFields.shape.endpointFamily.default("chat-completions"),
  providerProfile: TargetFields.shape.providerProfile.default("openai-compatible"),
  timeoutMs: TargetFields.shape.timeoutMs.default(10_000),
  maxTokens: TargetFields.shape.maxTokens.default(256),
  retryCeiling: TargetFields.shape.retryCeiling.default(2),
  backoffBaseMs: TargetFields.shape.backoffBaseMs.default(200),
  backoffMaxMs: TargetFields.shape.backoffMaxMs.default(2_000),
  retryAfterCapMs: TargetFields.shape.retryAfterCapMs.default(5_000),
  stream: TargetFields.shape.stream.default(false),
  streamIdleTimeoutMs: TargetFields.shape.streamIdleTimeoutMs.default(5_000),
};

const backoffOrder = (v: { backoffBaseMs?: number; backoffMaxMs?: number }) =>
  v.backoffBaseMs === undefined || v.backoffMaxMs === undefined || v.backoffMaxMs >= v.backoffBaseMs;
const backoffIssue = { message: "Backoff max must be at least the backoff base.", path: ["backoffMaxMs"] };

/** Create input: shared by the target form and POST /api/targets. */
export const TargetInputSchema = TargetFields.extend(CREATE_DEFAULTS).strict().refine(backoffOrder, backoffIssue);
export type TargetInput = z.input<typeof TargetInputSchema>;

/** Patch input: any subset of the fields. */
export const TargetPatchSchema = TargetFields.partial().strict().refine(backoffOrder, backoffIssue);
export type TargetPatch = z.input<typeof TargetPatchSchema>;

/** What leaves the server. Strict: nothing else (never a credential value). */
export const TargetSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(TARGET_ROLES),
    endpointFamily: z.enum(ENDPOINT_FAMILIES),
    providerProfile: z.enum(PROVIDER_PROFILES),
    baseUrl: z.string(),
    model: z.string(),
    credentialEnvVar: z.string().nullable(),
    credentialConfigured: z.boolean(),
    /** `not-allowed`: the name is not on the credential allowlist (whether it is set is never said). */
    credentialSource: z.enum(["environment", "embedded-default", "missing", "not-allowed"]),
    environmentLabel: z.string(),
    timeoutMs: z.number(),
    maxTokens: z.number(),
    retryCeiling: z.number(),
    backoffBaseMs: z.number(),
    backoffMaxMs: z.number(),
    retryAfterCapMs: z.number(),
    stream: z.boolean(),
    streamIdleTimeoutMs: z.number(),
    fallbackTargetId: z.string().nullable(),
    fallbackTargetName: z.string().nullable(),
    isSandbox: z.boolean(),
    scheduleCron: z.string().nullable(),
    scheduleEnabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .strict();
export type Target = z.infer<typeof TargetSchema>;
