import { json, readJson, route } from "@/lib/http";
import { AttachRecordsSchema } from "@/lib/packets/schema";
import { attachRecords } from "@/lib/packets/service";

export const dynamic = "force-dynamic";

export const POST = route<{ id: string }>(async (req, { params }) => {
  const input = await readJson(req, AttachRecordsSchema);
  return json(await attachRecords((await params).id, input.runIds, input.revision));
});
