import { PACKETS_WRITE } from "@/lib/auth/roles";
import { json, readJson, route } from "@/lib/http";
import { AttachRecordsSchema } from "@/lib/packets/schema";
import { attachRecords } from "@/lib/packets/service";

export const dynamic = "force-dynamic";

export const POST = route<{ id: string }>(PACKETS_WRITE, async (req, { params }, who) => {
  const input = await readJson(req, AttachRecordsSchema);
  return json(await attachRecords((await params).id, input.runIds, who.actor, input.revision));
});
