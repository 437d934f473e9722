import type { PacketStatus } from "@/lib/packets/schema";
import { Badge } from "@/components/ui/badge";

const TONE = { draft: "neutral", ready: "pass", shared: "info" } as const;

export function StatusBadge({ status }: { status: PacketStatus }) {
  return <Badge tone={TONE[status]}>{status}</Badge>;
}
