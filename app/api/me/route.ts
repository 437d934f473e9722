import { READ } from "@/lib/auth/roles";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Who the caller is: user, role, and (for a token) its scopes. */
export const GET = route(READ, async (_req, _ctx, who) =>
  json({ id: who.userId, email: who.email, name: who.name, role: who.role, isOwner: who.isOwner, via: who.via, scopes: who.scopes === "all" ? null : who.scopes }),
);
