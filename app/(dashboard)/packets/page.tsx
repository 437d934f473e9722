import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Packets" };

export default function Page() {
  return (
    <>
      <PageHeader title="Packets" description="Escalation packets assembled from records." />
      <EmptyState title="Not available in this version yet">This part of the product is not built yet. Nothing here is hidden or inferred.</EmptyState>
    </>
  );
}
