import { ADMIN } from "@/lib/auth/roles";
import { revokeInvitation } from "@/lib/auth/users";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const DELETE = route<{ id: string }>(ADMIN, async (_req, { params }, who) => json(await revokeInvitation((await params).id, who.actor)));
