import { json, readJson, route } from "@/lib/http";
import { ShareCreateSchema } from "@/lib/packets/schema";
import { createShareLink } from "@/lib/packets/share";

export const dynamic = "force-dynamic";

/** The only response that ever carries the token. */
export const POST = route<{ id: string }>(async (req, { params }) => {
  const { expiresInHours } = await readJson(req, ShareCreateSchema);
  return json(await createShareLink((await params).id, expiresInHours), { status: 201, headers: { "cache-control": "no-store" } });
});
