import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { auth } from "@/lib/auth/auth";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { readRole, roleAtLeast, ROLE_LABEL, type PrivateAccess, type Role, type Scope } from "@/lib/auth/roles";
import { verifyToken } from "@/lib/auth/tokens";
import { forbidden, unauthorized } from "@/lib/errors";
import { publicOrigin } from "@/lib/env";

/** The caller of a request: a signed-in user, or an API token acting for its owner. */
export type Principal = {
  via: "session" | "token";
  userId: string;
  email: string;
  name: string;
  role: Role;
  isOwner: boolean;
  /** A session has every scope its role allows; a token only its own. */
  scopes: readonly Scope[] | "all";
  tokenId?: string;
  sessionId?: string;
  actor: Actor;
};

export async function principalFrom(headers: Headers): Promise<Principal | null> {
  const ip = headers.get(CLIENT_IP_HEADER);
  const authz = headers.get("authorization");
  if (authz) {
    const m = /^Bearer\s+(\S+)$/i.exec(authz.trim());
    const found = m ? await verifyToken(m[1]) : null;
    if (!found) return null;
    const u = found.user;
    return {
      via: "token",
      userId: u.id,
      email: u.email,
      name: u.name,
      role: readRole(u.role),
      isOwner: u.isOwner,
      scopes: found.scopes,
      tokenId: found.tokenId,
      actor: { kind: "token", id: u.id, label: `token "${found.tokenName}" (${u.email})`, ip },
    };
  }
  if (!headers.get("cookie")) return null;
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const u = session.user as typeof session.user & { role?: unknown; isOwner?: unknown };
  return {
    via: "session",
    userId: u.id,
    email: u.email,
    name: u.name,
    role: readRole(u.role),
    isOwner: u.isOwner === true,
    scopes: "all",
    sessionId: session.session.id,
    actor: { kind: "user", id: u.id, label: u.email, ip },
  };
}

const isSafeMethod = (m: string) => m === "GET" || m === "HEAD" || m === "OPTIONS";

/**
 * A state-changing request carried by a browser cookie must come from this
 * app's own pages. Browsers send `Origin` (and `Sec-Fetch-Site`) on every
 * cross-site POST/PUT/PATCH/DELETE, whatever its content type, so: an Origin
 * other than ours is refused, and without Origin a Sec-Fetch-Site other than
 * same-origin/none is refused. A request with neither header did not come
 * from a browser page (curl with a cookie), so it is not a forged one.
 * Tokens are never sent by a browser on its own, so they are exempt.
 * docs/decisions/072.
 */
export function sameOriginOrRefuse(req: Request) {
  if (isSafeMethod(req.method)) return;
  const origin = req.headers.get("origin");
  if (origin !== null) {
    if (origin === publicOrigin() || origin === requestOrigin(req)) return;
    throw forbidden("Cross-site request refused: a signed-in browser may only change data from this app's own pages.");
  }
  const site = req.headers.get("sec-fetch-site");
  if (site === null || site === "same-origin" || site === "none") return;
  throw forbidden("Cross-site request refused: a signed-in browser may only change data from this app's own pages.");
}

/** The origin this request was addressed to (the Host header was checked by the server against PUBLIC_BASE_URL or loopback). */
function requestOrigin(req: Request): string | null {
  const host = req.headers.get("host");
  if (!host) return null;
  const proto = req.headers.get("x-forwarded-proto") === "https" || req.url.startsWith("https:") ? "https" : "http";
  return `${proto}://${host}`;
}

export function hasScope(p: Principal, scope: Scope) {
  return p.scopes === "all" || p.scopes.includes(scope);
}

/** Checks `access` for the caller; throws 401/403 AppErrors. */
export async function authorize(req: Request, access: PrivateAccess): Promise<Principal> {
  const who = await principalFrom(req.headers);
  if (!who) throw unauthorized();
  if (who.via === "session") sameOriginOrRefuse(req);
  if ("sessionOnly" in access && access.sessionOnly) {
    if (who.via !== "session") throw forbidden("This needs a signed-in user; API tokens cannot reach it.");
  } else if ("scope" in access && !hasScope(who, access.scope)) {
    throw forbidden(`This token lacks the "${access.scope}" scope.`);
  }
  if (!roleAtLeast(who.role, access.role)) throw forbidden(`Needs the ${ROLE_LABEL[access.role]} role; you are ${ROLE_LABEL[who.role]}.`);
  return who;
}
