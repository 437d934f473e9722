import { PACKETS_WRITE } from "@/lib/auth/roles";
import { json, readJson, route } from "@/lib/http";
import { ShareCreateSchema } from "@/lib/packets/schema";
import { createShareLink } from "@/lib/packets/share";

export const dynamic = "force-dynamic";

/** The only response that ever carries the token. */
export const POST = route<{ id: string }>(PACKETS_WRITE, async (req, { params }, who) => {
  const { expiresInHours } = await readJson(req, ShareCreateSchema);
  return json(await createShareLink((await params).id, expiresInHours, who.actor), { status: 201, headers: { "cache-control": "no-store" } });
});
