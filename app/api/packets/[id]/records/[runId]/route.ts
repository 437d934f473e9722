import { PACKETS_WRITE } from "@/lib/auth/roles";
import { z } from "zod";
import { json, parseWith, route } from "@/lib/http";
import { detachRecord } from "@/lib/packets/service";

export const dynamic = "force-dynamic";

const RunIdSchema = z.coerce.number({ error: "runId must be a record id." }).int().positive("runId must be a record id.");

export const DELETE = route<{ id: string; runId: string }>(PACKETS_WRITE, async (_req, { params }, who) => {
  const { id, runId } = await params;
  return json(await detachRecord(id, parseWith(RunIdSchema, runId), who.actor));
});
