import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "History" };

export default function Page() {
  return (
    <>
      <PageHeader title="History" description="Rehearsals and runs over time." />
      <EmptyState title="Not available in this version yet">This part of the product is not built yet. Nothing here is hidden or inferred.</EmptyState>
    </>
  );
}
