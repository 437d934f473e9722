import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { DeliveryStatus } from "@/components/notify/queries";

const TONE: Record<DeliveryStatus, BadgeTone> = { pending: "info", sending: "info", delivered: "pass", failed: "fail", suppressed: "neutral" };
const TITLE: Partial<Record<DeliveryStatus, string>> = {
  suppressed: "Held by the rule's quiet period; folded into the summary sent when the period ends.",
  failed: "Every attempt failed; no more retries.",
};

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return (
    <Badge tone={TONE[status]} title={TITLE[status]}>
      {status}
    </Badge>
  );
}
