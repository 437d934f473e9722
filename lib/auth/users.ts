import "server-only";
import { z } from "zod";
import { audit } from "@/lib/audit/log";
import { SYSTEM_ACTOR, type Actor } from "@/lib/auth/actor";
import { auth } from "@/lib/auth/auth";
import { readRole, ROLES, type Role } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { publicOrigin } from "@/lib/env";
import { AppError, conflict, forbidden, notFound } from "@/lib/errors";
import { hashToken, newSecretToken } from "@/lib/shared/secret-token";

/**
 * Users, the owner and invitations. Better Auth creates the user and hashes
 * the password (auth.api.signUpEmail, called here on the server — public
 * sign-up over HTTP is refused in app/api/auth/[...all]); this module decides
 * who may be created and with which role.
 */
export const AccountInputSchema = z.object({
  name: z.string().trim().min(1).max(80),
  email: z.email().max(200).transform((e) => e.toLowerCase()),
  password: z.string().min(12, "At least 12 characters.").max(128),
});
export type AccountInput = z.infer<typeof AccountInputSchema>;

export const userCount = () => db.user.count();

export type UserView = { id: string; name: string; email: string; role: Role; isOwner: boolean; createdAt: string };
const view = (u: { id: string; name: string; email: string; role: string; isOwner: boolean; createdAt: Date }): UserView => ({
  id: u.id,
  name: u.name,
  email: u.email,
  role: readRole(u.role),
  isOwner: u.isOwner,
  createdAt: u.createdAt.toISOString(),
});

/** Better Auth's sign-up, on the server; returns its Response (session cookie set) and the new user's id. */
async function signUp(input: AccountInput): Promise<{ response: Response; userId: string }> {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw conflict("An account with this email already exists.", [{ path: "email", message: "Already in use." }]);
  const response = await auth.api.signUpEmail({ body: { name: input.name, email: input.email, password: input.password }, asResponse: true });
  if (!response.ok) throw new AppError("bad_request", "The account could not be created.", [{ path: "email", message: `Refused (${response.status}).` }]);
  const user = await db.user.findUniqueOrThrow({ where: { email: input.email }, select: { id: true } });
  return { response, userId: user.id };
}

/**
 * The first account: an admin marked owner. Only while no owner exists — the
 * conditional UPDATE makes a second, concurrent setup lose cleanly.
 */
export async function createOwner(input: AccountInput, ip: string | null = null): Promise<Response> {
  if ((await db.user.count({ where: { isOwner: true } })) > 0) throw conflict("The owner account already exists. Sign in instead.");
  const { response, userId } = await signUp(input);
  const claimed = await db.$transaction(async (tx) => {
    const n = await tx.$executeRaw`UPDATE "user" SET "role" = 'admin', "isOwner" = true WHERE "id" = ${userId} AND NOT EXISTS (SELECT 1 FROM "user" WHERE "isOwner" = true)`;
    if (n === 1) await audit({ actor: { kind: "user", id: userId, label: input.email, ip }, action: "owner_created", subjectType: "user", subjectId: userId }, tx);
    return n === 1;
  });
  if (!claimed) {
    await db.user.delete({ where: { id: userId } });
    throw conflict("The owner account already exists. Sign in instead.");
  }
  return response;
}

/** EVIDENCE_OWNER_EMAIL / EVIDENCE_OWNER_PASSWORD on first start (no owner yet). */
export async function ensureOwnerFromEnv(email: string | undefined, password: string | undefined): Promise<"created" | "exists" | "not-configured"> {
  if (!email || !password) return "not-configured";
  if ((await db.user.count({ where: { isOwner: true } })) > 0) return "exists";
  await createOwner(AccountInputSchema.parse({ name: email.split("@")[0], email, password }));
  return "created";
}

/** `npm run user:create`: an account with a role, from a shell (no session needed). */
export async function createUserFromShell(input: AccountInput & { role: Role }): Promise<UserView> {
  const { userId } = await signUp(input);
  const noOwner = (await db.user.count({ where: { isOwner: true } })) === 0;
  const u = await db.$transaction(async (tx) => {
    const updated = await tx.user.update({ where: { id: userId }, data: { role: noOwner ? "admin" : input.role, isOwner: noOwner } });
    await audit({ actor: { ...SYSTEM_ACTOR, label: "shell (npm run user:create)" }, action: noOwner ? "owner_created" : "user_created", subjectType: "user", subjectId: userId, detail: `${input.email} as ${updated.role}` }, tx);
    return updated;
  });
  return view(u);
}

export async function listUsers(): Promise<UserView[]> {
  return (await db.user.findMany({ orderBy: { createdAt: "asc" } })).map(view);
}

export const RoleChangeSchema = z.object({ role: z.enum(ROLES) });

export async function changeRole(id: string, role: Role, actor: Actor): Promise<UserView> {
  return db.$transaction(async (tx) => {
    const u = await tx.user.findUnique({ where: { id } });
    if (!u) throw notFound("User");
    if (u.isOwner && role !== "admin") throw forbidden("The owner is always an admin; no one can change that.");
    const updated = await tx.user.update({ where: { id }, data: { role } });
    if (u.role !== role) await audit({ actor, action: "user_role_changed", subjectType: "user", subjectId: id, detail: `${u.email}: ${u.role} → ${role}` }, tx);
    return view(updated);
  });
}

/** Removes the account, its sessions and tokens. The owner cannot be removed. */
export async function removeUser(id: string, actor: Actor): Promise<void> {
  await db.$transaction(async (tx) => {
    const u = await tx.user.findUnique({ where: { id } });
    if (!u) throw notFound("User");
    if (u.isOwner) throw forbidden("The owner account cannot be removed.");
    if (u.id === actor.id) throw forbidden("You cannot remove your own account here.");
    await tx.user.delete({ where: { id } });
    await audit({ actor, action: "user_removed", subjectType: "user", subjectId: id, detail: u.email }, tx);
  });
}

// ── Invitations ────────────────────────────────────────────────────────────

export const InvitationInputSchema = z.object({
  role: z.enum(ROLES),
  email: z.email().max(200).transform((e) => e.toLowerCase()).nullable().default(null),
  expiresInHours: z.number().int().min(1).max(24 * 14).default(72),
});

const INVITE_RE = /^[A-Za-z0-9_-]{43}$/;

export type InvitationView = { id: string; role: Role; email: string | null; createdAt: string; expiresAt: string; createdBy: string; state: "open" | "used" | "expired" | "revoked" };

function invitationView(i: { id: string; role: string; email: string | null; createdAt: Date; expiresAt: Date; createdByLabel: string; usedAt: Date | null; revokedAt: Date | null }, now = new Date()): InvitationView {
  return {
    id: i.id,
    role: readRole(i.role),
    email: i.email,
    createdAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
    createdBy: i.createdByLabel,
    state: i.revokedAt ? "revoked" : i.usedAt ? "used" : i.expiresAt <= now ? "expired" : "open",
  };
}

export async function createInvitation(input: z.output<typeof InvitationInputSchema>, actor: Actor) {
  const token = newSecretToken();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.invitation.create({
      data: { tokenHash: hashToken(token), role: input.role, email: input.email, expiresAt: new Date(Date.now() + input.expiresInHours * 3_600_000), createdById: actor.id ?? "", createdByLabel: actor.label },
    });
    await audit({ actor, action: "invitation_created", subjectType: "invitation", subjectId: created.id, detail: `${input.role}${input.email ? ` for ${input.email}` : ""}, ${input.expiresInHours} h` }, tx);
    return created;
  });
  const path = `/invite/${token}`;
  return { ...invitationView(row), path, url: `${publicOrigin()}${path}` };
}

export async function listInvitations(): Promise<InvitationView[]> {
  const now = new Date();
  return (await db.invitation.findMany({ orderBy: { createdAt: "desc" }, take: 100 })).map((i) => invitationView(i, now));
}

export async function revokeInvitation(id: string, actor: Actor): Promise<InvitationView> {
  return db.$transaction(async (tx) => {
    const i = await tx.invitation.findUnique({ where: { id } });
    if (!i) throw notFound("Invitation");
    if (i.revokedAt || i.usedAt) return invitationView(i);
    const updated = await tx.invitation.update({ where: { id }, data: { revokedAt: new Date() } });
    await audit({ actor, action: "invitation_revoked", subjectType: "invitation", subjectId: id, detail: i.role }, tx);
    return invitationView(updated);
  });
}

/** What the invitation page shows before sign-up; the same "not valid" for unknown, used, expired and revoked. */
export async function openInvitation(token: string) {
  const invalid = () => notFound("Invitation (it may have been used, revoked or expired)");
  if (!INVITE_RE.test(token)) throw invalid();
  const i = await db.invitation.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!i || i.usedAt || i.revokedAt || i.expiresAt <= new Date()) throw invalid();
  return { id: i.id, role: readRole(i.role), email: i.email, expiresAt: i.expiresAt.toISOString() };
}

export const AcceptInvitationSchema = AccountInputSchema.extend({ token: z.string().max(100) });

/**
 * Single use: the invitation is claimed (a conditional UPDATE) before the
 * account is created, and given back if creating it fails.
 */
export async function acceptInvitation(input: z.output<typeof AcceptInvitationSchema>, ip: string | null = null): Promise<Response> {
  const inv = await openInvitation(input.token);
  if (inv.email && inv.email !== input.email) throw new AppError("bad_request", "This invitation is for another email address.", [{ path: "email", message: `Use ${inv.email}.` }]);
  const claimed = await db.invitation.updateMany({ where: { id: inv.id, usedAt: null, revokedAt: null, expiresAt: { gt: new Date() } }, data: { usedAt: new Date() } });
  if (claimed.count !== 1) throw notFound("Invitation (it may have been used, revoked or expired)");
  let created: { response: Response; userId: string };
  try {
    created = await signUp(input);
  } catch (err) {
    await db.invitation.update({ where: { id: inv.id }, data: { usedAt: null } });
    throw err;
  }
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: created.userId }, data: { role: inv.role } });
    await tx.invitation.update({ where: { id: inv.id }, data: { usedById: created.userId } });
    await audit({ actor: { kind: "user", id: created.userId, label: input.email, ip }, action: "invitation_used", subjectType: "invitation", subjectId: inv.id, detail: `joined as ${inv.role}` }, tx);
  });
  return created.response;
}
