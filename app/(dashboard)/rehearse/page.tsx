import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Rehearse" };

export default function Page() {
  return (
    <>
      <PageHeader title="Rehearse" description="Run a happy-path and a controlled error-path smoke test against one target, server-side." />
      <EmptyState title="Not available in this version yet">This part of the product is not built yet. Nothing here is hidden or inferred.</EmptyState>
    </>
  );
}
