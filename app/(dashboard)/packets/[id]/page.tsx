import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PacketEditor } from "@/components/packets/packet-editor";
import { traceUrlTemplate } from "@/lib/telemetry/trace-url";
import { AppError } from "@/lib/errors";
import { publicOrigin } from "@/lib/env";
import { getPacket } from "@/lib/packets/service";
import { listRuns } from "@/lib/smoke/store";
import { requirePageUser } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Packet" };
export const dynamic = "force-dynamic";

export default async function PacketPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser();
  const { id } = await params;
  const [packet, runs] = await Promise.all([
    getPacket(id).catch((err: unknown) => {
      if (err instanceof AppError && err.code === "not_found") notFound();
      throw err;
    }),
    listRuns({ limit: 50 }),
  ]);
  return <PacketEditor initialPacket={packet} recentRuns={runs.items} shareOrigin={publicOrigin()} traceUrlTemplate={traceUrlTemplate()} />;
}
