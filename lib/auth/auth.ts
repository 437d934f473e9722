import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { audit } from "@/lib/audit/log";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { authSecret } from "@/lib/auth/secret";
import { db, dbEngine } from "@/lib/db";
import { publicOrigin } from "@/lib/env";
import { logger } from "@/lib/log";
import { remember } from "@/lib/shared/registry";

/**
 * Accounts: Better Auth (email + password, its Prisma adapter), not
 * hand-written sessions or password hashing — docs/decisions/070.
 * - Sessions are HttpOnly, SameSite=Lax cookies, Secure when the public
 *   origin is https.
 * - Public sign-up is off: the owner is created on first start
 *   (lib/auth/users.ts), everyone else through an invitation.
 * - Sign-in is rate limited per client address, in the database so every
 *   bundle and instance shares the count.
 * - Better Auth's telemetry is off; nothing calls out.
 */
export const SIGN_IN_LIMIT = { window: 60, max: 5 };

function createAuth() {
  const origin = publicOrigin();
  return betterAuth({
    appName: "Evidence Packet",
    baseURL: origin,
    basePath: "/api/auth",
    secret: authSecret(),
    database: prismaAdapter(db, { provider: dbEngine() === "postgresql" ? "postgresql" : "sqlite" }),
    telemetry: { enabled: false },
    trustedOrigins: [origin],
    emailAndPassword: { enabled: true, disableSignUp: false, minPasswordLength: 12, maxPasswordLength: 128, autoSignIn: true, revokeSessionsOnPasswordReset: true },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "viewer", input: false },
        isOwner: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 120,
      customRules: { "/sign-in/email": SIGN_IN_LIMIT, "/sign-up/email": SIGN_IN_LIMIT, "/change-password": SIGN_IN_LIMIT },
    },
    advanced: {
      useSecureCookies: origin.startsWith("https://"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      // scripts/server.mjs sets this from the socket (or the proxy's last hop with TRUST_PROXY=1) and drops any client-sent value.
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    hooks: {
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email" && ctx.path !== "/sign-out") return;
        const ip = ctx.headers?.get(CLIENT_IP_HEADER) ?? null;
        try {
          if (ctx.path === "/sign-out") return;
          const session = ctx.context.newSession;
          if (session) {
            await audit({ actor: { kind: "user", id: session.user.id, label: session.user.email, ip }, action: "sign_in", subjectType: "user", subjectId: session.user.id });
          } else {
            // NOTE: the address tried is recorded, never the password.
            const email = typeof ctx.body?.email === "string" ? ctx.body.email.slice(0, 120) : "";
            const why = isAPIError(ctx.context.returned) ? String(ctx.context.returned.status) : "refused";
            await audit({ actor: { kind: "anonymous", id: null, label: email || "unknown", ip }, action: "sign_in_failed", subjectType: "user", detail: why });
          }
        } catch (err) {
          logger.error({ err }, "audit write for sign-in failed");
        }
      }),
    },
    plugins: [nextCookies()],
  });
}

export const auth = remember("auth.betterAuth", createAuth);
export type Auth = typeof auth;
