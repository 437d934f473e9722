/**
 * Who may do what (DESIGN.md "Access model"). Roles are ordered: an admin can
 * do everything an operator can, an operator everything a viewer can. API
 * tokens carry scopes on top of their owner's role: a request is allowed when
 * the role allows it AND (for a token) the scope does.
 */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = ["read", "runs:write", "packets:write"] as const;
export type Scope = (typeof SCOPES)[number];

export const ROLE_LABEL: Record<Role, string> = { admin: "Admin", operator: "Operator", viewer: "Viewer" };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** A stored role that is not one we know reads as the least powerful. */
export function readRole(value: unknown): Role {
  return isRole(value) ? value : "viewer";
}

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * What a route needs. `public` routes are listed in the README ("Access");
 * `session` means a signed-in browser only — tokens never reach admin or
 * account settings.
 */
export type PrivateAccess = { role: Role; scope: Scope; sessionOnly?: false } | { role: Role; sessionOnly: true };
export type Access = { public: true; reason: string } | PrivateAccess;

export const PUBLIC = (reason: string): Access => ({ public: true, reason });
export const READ: PrivateAccess = { role: "viewer", scope: "read" };
export const RUNS_WRITE: PrivateAccess = { role: "operator", scope: "runs:write" };
export const PACKETS_WRITE: PrivateAccess = { role: "operator", scope: "packets:write" };
/** Reviews: viewers may mark rehearsals reviewed; a token needs runs:write. */
export const REVIEW: PrivateAccess = { role: "viewer", scope: "runs:write" };
export const ADMIN: PrivateAccess = { role: "admin", sessionOnly: true };
export const SIGNED_IN: PrivateAccess = { role: "viewer", sessionOnly: true };
/** Exports: operators, and a read-scoped token of an operator may fetch them. */
export const EXPORT: PrivateAccess = { role: "operator", scope: "read" };
