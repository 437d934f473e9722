import { SIGNED_IN } from "@/lib/auth/roles";
import { revokeToken } from "@/lib/auth/tokens";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const DELETE = route<{ id: string }>(SIGNED_IN, async (_req, { params }, who) => json(await revokeToken(who.userId, (await params).id, who.actor)));
