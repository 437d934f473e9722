import { PACKETS_WRITE, READ } from "@/lib/auth/roles";
import { json, readJson, route } from "@/lib/http";
import { PacketPatchSchema } from "@/lib/packets/schema";
import { deletePacket, getPacket, updatePacket } from "@/lib/packets/service";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = route<Params>(READ, async (_req, { params }) => json(await getPacket((await params).id)));

/** Any subset of sections plus the revision it was based on; a stale revision is a 409. */
export const PATCH = route<Params>(PACKETS_WRITE, async (req, { params }, who) => {
  const patch = await readJson(req, PacketPatchSchema);
  return json(await updatePacket((await params).id, patch, who.actor));
});

export const DELETE = route<Params>(PACKETS_WRITE, async (_req, { params }, who) => {
  await deletePacket((await params).id, who.actor);
  return new Response(null, { status: 204 });
});
