import { PACKETS_WRITE, READ } from "@/lib/auth/roles";
import { json, readJson, route } from "@/lib/http";
import { PacketCreateSchema } from "@/lib/packets/schema";
import { createPacket, listPackets } from "@/lib/packets/service";

export const dynamic = "force-dynamic";

export const GET = route(READ, async () => json({ items: await listPackets() }));

export const POST = route(PACKETS_WRITE, async (req, _ctx, who) => {
  const input = await readJson(req, PacketCreateSchema);
  return json(await createPacket(input, who.actor), { status: 201 });
});
