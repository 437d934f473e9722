import type { Metadata } from "next";
import { NeedsRole } from "@/components/auth/admin-only";
import { AuditView } from "@/components/auth/audit-view";
import { PageHeader } from "@/components/ui/page-header";
import { AUDIT_ACTIONS } from "@/lib/audit/log";
import { pageAllows } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

export default async function AuditPage() {
  const { allowed } = await pageAllows("admin");
  if (!allowed) return <NeedsRole role="Admin" />;
  return (
    <>
      <PageHeader title="Audit log" description="Who changed what and when, append-only."
        guide="Each entry is written in the same transaction as the change it records; no secret value is ever stored here." />
      <AuditView actions={AUDIT_ACTIONS} />
    </>
  );
}
