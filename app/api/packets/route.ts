import { json, readJson, route } from "@/lib/http";
import { PacketCreateSchema } from "@/lib/packets/schema";
import { createPacket, listPackets } from "@/lib/packets/service";

export const dynamic = "force-dynamic";

export const GET = route(async () => json({ items: await listPackets() }));

export const POST = route(async (req) => {
  const input = await readJson(req, PacketCreateSchema);
  return json(await createPacket(input), { status: 201 });
});
