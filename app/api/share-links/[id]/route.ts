import { PACKETS_WRITE } from "@/lib/auth/roles";
import { json, route } from "@/lib/http";
import { revokeShareLink } from "@/lib/packets/share";

export const dynamic = "force-dynamic";

/** Revoke. The link answers 404 from now on, like any unknown token. */
export const DELETE = route<{ id: string }>(PACKETS_WRITE, async (_req, { params }, who) => json(await revokeShareLink((await params).id, who)));
