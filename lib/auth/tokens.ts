import "server-only";
import { z } from "zod";
import { audit } from "@/lib/audit/log";
import type { Actor } from "@/lib/auth/actor";
import { SCOPES, type Scope } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { hashToken, newSecretToken } from "@/lib/shared/secret-token";

/**
 * Personal access tokens for CI: `ep_` + 32 random bytes (base64url). Shown
 * once; only the sha256 is stored. Hand-written rather than Better Auth's
 * API-key plugin: its newest release pins older core packages than the
 * better-auth we run (docs/decisions/071).
 */
export const TOKEN_PREFIX = "ep_";
const LAST_USED_RESOLUTION_MS = 60_000;

export const TokenInputSchema = z.object({
  name: z.string().trim().min(1).max(80),
  scopes: z.array(z.enum(SCOPES)).min(1).max(SCOPES.length).transform((s) => [...new Set(s)]),
  /** Days until it expires; null = never (not recommended). */
  expiresInDays: z.number().int().min(1).max(366).nullable().default(90),
});
export type TokenInput = z.infer<typeof TokenInputSchema>;

export { hashToken };

export function readScopes(stored: string): Scope[] {
  return stored.split(/\s+/).filter((s): s is Scope => (SCOPES as readonly string[]).includes(s));
}

export type TokenView = { id: string; name: string; scopes: Scope[]; prefix: string; createdAt: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null };

function view(t: { id: string; name: string; scopes: string; prefix: string; createdAt: Date; expiresAt: Date | null; lastUsedAt: Date | null; revokedAt: Date | null }): TokenView {
  return {
    id: t.id,
    name: t.name,
    scopes: readScopes(t.scopes),
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

export async function createToken(userId: string, input: TokenInput, actor: Actor): Promise<{ token: string; item: TokenView }> {
  const token = TOKEN_PREFIX + newSecretToken();
  const expiresAt = input.expiresInDays === null ? null : new Date(Date.now() + input.expiresInDays * 86_400_000);
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId, name: input.name, scopes: input.scopes.join(" "), tokenHash: hashToken(token), prefix: token.slice(0, 10), expiresAt },
    });
    await audit({ actor, action: "token_created", subjectType: "token", subjectId: created.id, detail: `${input.name} (${input.scopes.join(", ")})` }, tx);
    return created;
  });
  return { token, item: view(row) };
}

export async function listTokens(userId: string): Promise<TokenView[]> {
  const rows = await db.apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return rows.map(view);
}

export async function revokeToken(userId: string, id: string, actor: Actor): Promise<TokenView> {
  return db.$transaction(async (tx) => {
    const row = await tx.apiToken.findFirst({ where: { id, userId } });
    if (!row) throw notFound("token");
    if (row.revokedAt) return view(row);
    const updated = await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await audit({ actor, action: "token_revoked", subjectType: "token", subjectId: id, detail: row.name }, tx);
    return view(updated);
  });
}

/** The token's owner and scopes when the token is live; null otherwise (unknown, revoked, expired all alike). */
export async function verifyToken(token: string, now = new Date()) {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  // NOTE: last-used is kept to the minute, so a CI loop is not one write per request.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { tokenId: row.id, tokenName: row.name, scopes: readScopes(row.scopes), user: row.user };
}
