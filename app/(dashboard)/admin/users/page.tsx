import type { Metadata } from "next";
import { NeedsRole } from "@/components/auth/admin-only";
import { UsersView } from "@/components/auth/users-view";
import { PageHeader } from "@/components/ui/page-header";
import { pageAllows } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const { allowed } = await pageAllows("admin");
  if (!allowed) return <NeedsRole role="Admin" />;
  return (
    <>
      <PageHeader title="Users" description="Who can use this dashboard, and with which role."
        guide="Admins manage people, roles, targets, schedules and every share link. Operators run, rehearse and edit packets. Viewers read and mark rehearsals reviewed." />
      <UsersView />
    </>
  );
}
