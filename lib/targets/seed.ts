import "server-only";
import { db } from "@/lib/db";
import { SANDBOX_CREDENTIAL_VAR, sandboxBaseUrl } from "@/lib/env";

export const SANDBOX_PRIMARY_KEY = "sandbox-primary";
export const SANDBOX_FALLBACK_KEY = "sandbox-fallback";

/**
 * Seeds the embedded sandbox primary and fallback targets. Idempotent: keyed
 * by seedKey, so restarts never duplicate them and operator edits stay —
 * except a base URL still pointing at an embedded sandbox on another port,
 * which follows HOST/PORT.
 */
export async function seedSandboxTargets(): Promise<void> {
  const baseUrl = sandboxBaseUrl();
  const common = {
    endpointFamily: "chat-completions",
    providerProfile: "openai-compatible",
    baseUrl,
    credentialEnvVar: SANDBOX_CREDENTIAL_VAR,
    environmentLabel: "sandbox",
    timeoutMs: 3000,
    maxTokens: 64,
    retryCeiling: 2,
    backoffBaseMs: 100,
    backoffMaxMs: 1000,
    retryAfterCapMs: 2000,
  };
  const fallback = await db.target.upsert({
    where: { seedKey: SANDBOX_FALLBACK_KEY },
    update: {},
    create: { ...common, seedKey: SANDBOX_FALLBACK_KEY, name: "Sandbox fallback", role: "fallback", model: "ok" },
  });
  await db.target.upsert({
    where: { seedKey: SANDBOX_PRIMARY_KEY },
    update: {},
    create: {
      ...common,
      seedKey: SANDBOX_PRIMARY_KEY,
      name: "Sandbox primary",
      role: "primary",
      model: "ok",
      fallbackTargetId: fallback.id,
    },
  });
  // Follow the app's own origin if it moved (HOST/PORT changed).
  await db.target.updateMany({
    where: { seedKey: { not: null }, baseUrl: { not: baseUrl, endsWith: "/api/sandbox/v1" }, OR: [{ baseUrl: { startsWith: "http://127.0.0.1:" } }, { baseUrl: { startsWith: "http://localhost:" } }] },
    data: { baseUrl },
  });
}
