import { EXPORT } from "@/lib/auth/roles";
import { readQuery, route } from "@/lib/http";
import { ExportQuerySchema } from "@/lib/packets/schema";
import { exportPacket } from "@/lib/packets/service";

export const dynamic = "force-dynamic";

/** Freezes a version (or reuses the one with the same content) and downloads it. */
export const GET = route<{ id: string }>(EXPORT, async (req, { params }, who) => {
  const { format, otlp } = readQuery(req, ExportQuerySchema);
  const out = await exportPacket((await params).id, format, who.actor, { otlp: otlp === "1" || otlp === "true" });
  return new Response(out.body, {
    headers: {
      "content-type": out.contentType,
      "content-disposition": `attachment; filename="${out.filename}"`,
      "cache-control": "no-store",
      "x-packet-version": String(out.version.number),
      "x-packet-sha256": out.version.sha256,
    },
  });
});
