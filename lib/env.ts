import { noteSecret } from "@/lib/shared/sensitive-values";
import { z } from "zod";
import { remember } from "@/lib/shared/registry";
import { traceUrlTemplateProblem } from "@/scripts/trace-url.mjs";

/** A comma-separated list of names (spaces and blanks ignored), each checked. */
function nameList(variable: string, shape: RegExp, what: string) {
  return z
    .string()
    .default("")
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .refine((names) => names.every((n) => shape.test(n)), `${variable}: every comma-separated entry must be ${what}.`);
}

/**
 * Process configuration, parsed once. Every variable is documented in the
 * README's configuration table; defaults are the embedded rehearsal setup.
 */
const EnvSchema = z.object({
  /** `file:…` (SQLite, the default) or `postgresql://…` (docs/decisions/100). */
  DATABASE_URL: z.string().min(1).default("file:./data/evidence.db"),
  /** PostgreSQL only: connections per pool (Prisma's and the runner's) in each app instance. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Base URL of the embedded sandbox provider; derived from HOST/PORT when unset. */
  SANDBOX_BASE_URL: z.url().optional(),
  /** Public origin used in share links; derived from HOST/PORT when unset. */
  PUBLIC_BASE_URL: z.url().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** Cron scheduler on/off (tests turn it off). */
  SCHEDULER: z.enum(["on", "off"]).default("on"),
  /** Signs session cookies. Generated into the data directory on first start when unset. */
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  /** Create the owner on first start (both or neither). */
  EVIDENCE_OWNER_EMAIL: z.email().optional(),
  EVIDENCE_OWNER_PASSWORD: z.string().min(12).max(128).optional(),
  /** Behind a reverse proxy: take the client address from the last X-Forwarded-For hop. */
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  /** How long an open circuit breaker waits before its one probe (ms). */
  BREAKER_OPEN_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(5_000),
  /** How often this app instance renews its lease (ms); decision 102. */
  INSTANCE_HEARTBEAT_MS: z.coerce.number().int().min(200).max(300_000).default(10_000),
  /** How long an instance that stopped renewing is still taken as alive (ms); at least twice the heartbeat. */
  INSTANCE_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  /**
   * The credential variables a target may name (comma-separated), besides the
   * sandbox's own. Any other name is refused: a target could otherwise send
   * any server secret (DATABASE_URL, a cloud key) as a Bearer token. Decision 061.
   */
  EVIDENCE_CREDENTIAL_VARS: nameList("EVIDENCE_CREDENTIAL_VARS", /^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name"),
  /** Private / loopback CIDRs or host names targets may reach, besides the settings' list (decision 060). */
  EVIDENCE_EGRESS_ALLOW: nameList("EVIDENCE_EGRESS_ALLOW", /^\S+$/, "a CIDR or host name"),
  /** A link into the operator's trace viewer with `{traceId}` (decision 131); unset: trace ids stay plain text. */
  TRACE_URL_TEMPLATE: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      const problem = traceUrlTemplateProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .transform((v) => v || undefined),
  /** `1` lets the sandbox provider answer callers other than this server's own loopback. */
  SANDBOX_PUBLIC: z.enum(["0", "1", ""]).default("0"),
  /** SMTP server for e-mail notifications, `smtp://user:pass@host:port` or `smtps://…` (a credential: never logged or stored). */
  SMTP_URL: z.string().optional(),
  /** The From address of notification e-mails. */
  SMTP_FROM: z.string().default("Evidence Packet <evidence-packet@localhost>"),
  /** The notification worker (decision 130): `off` starts none in this process. */
  NOTIFICATIONS_WORKER: z.enum(["on", "off"]).default("on"),
  /** How often the worker looks for due deliveries (ms). */
  NOTIFICATIONS_WORKER_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(2_000),
  /** One send's time limit (ms). */
  NOTIFICATIONS_SEND_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  /** Attempts per delivery before it is marked failed. */
  NOTIFICATIONS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  /** Retry backoff: least and most wait (ms), exponential with jitter. */
  NOTIFICATIONS_BACKOFF_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),
  NOTIFICATIONS_BACKOFF_MAX_MS: z.coerce.number().int().min(10).max(3_600_000).default(300_000),
  /** How long a rule's quiet-period "minute" is (ms). 60000; tests shorten it. */
  NOTIFICATIONS_QUIET_MINUTE_MS: z.coerce.number().int().min(10).max(60_000).default(60_000),
  /** How often rehearsals left unreviewed are looked for (ms). */
  NOTIFICATIONS_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
});

export type Env = z.infer<typeof EnvSchema>;

const CheckedEnvSchema = EnvSchema.refine((e) => e.INSTANCE_LEASE_MS >= 2 * e.INSTANCE_HEARTBEAT_MS, {
  message: "INSTANCE_LEASE_MS must be at least twice INSTANCE_HEARTBEAT_MS, or a live instance can be taken for dead between two heartbeats.",
  path: ["INSTANCE_LEASE_MS"],
});

const parsed = remember("env.parsed", () => ({ value: undefined as Env | undefined }));

export function env(): Env {
  return (parsed.value ??= CheckedEnvSchema.parse(process.env));
}

/** Test hook: re-read process.env. */
export function resetEnvForTests() {
  parsed.value = undefined;
}

export function localOrigin(): string {
  const { HOST, PORT } = env();
  const host = HOST === "0.0.0.0" || HOST === "::" ? "127.0.0.1" : HOST;
  return `http://${host.includes(":") ? `[${host}]` : host}:${PORT}`;
}

export function sandboxBaseUrl(): string {
  return env().SANDBOX_BASE_URL ?? `${localOrigin()}/api/sandbox/v1`;
}

export function publicOrigin(): string {
  return env().PUBLIC_BASE_URL?.replace(/\/$/, "") ?? localOrigin();
}

/**
 * The sandbox provider needs a bearer credential like a real provider does.
 * So that a first rehearsal works with no credentials, this one variable has
 * an embedded, non-secret default. NOTE: only for the local sandbox.
 */
export const SANDBOX_CREDENTIAL_VAR = "EVIDENCE_SANDBOX_API_KEY";
const EMBEDDED_CREDENTIALS: Record<string, string> = {
  [SANDBOX_CREDENTIAL_VAR]: "sandbox-local-credential",
};

/** May a target name this variable? The sandbox's own, or one listed in EVIDENCE_CREDENTIAL_VARS. */
export function credentialVarAllowed(varName: string): boolean {
  return varName === SANDBOX_CREDENTIAL_VAR || env().EVIDENCE_CREDENTIAL_VARS.includes(varName);
}

/**
 * Server-side only: the credential value for a variable name, if configured.
 * NOTE: an unlisted name is never read, so nothing can learn whether it is set.
 */
export function readCredential(varName: string | null | undefined): string | undefined {
  if (!varName || !credentialVarAllowed(varName)) return undefined;
  const value = process.env[varName];
  if (value && value.length > 0) {
    // NOTE: every value read is known to the logger from now on, so no log line can carry it.
    noteSecret(value);
    return value;
  }
  return EMBEDDED_CREDENTIALS[varName];
}

export type CredentialSource = "environment" | "embedded-default" | "missing" | "not-allowed";

/** Answered only for allowed names; an unlisted one is "not-allowed", whether or not it is set. */
export function credentialSource(varName: string | null | undefined): CredentialSource {
  if (!varName) return "missing";
  if (!credentialVarAllowed(varName)) return "not-allowed";
  if (process.env[varName]) return "environment";
  return EMBEDDED_CREDENTIALS[varName] ? "embedded-default" : "missing";
}
