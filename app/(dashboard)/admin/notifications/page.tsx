import type { Metadata } from "next";
import { NeedsRole } from "@/components/auth/admin-only";
import { NotificationsView } from "@/components/notify/notifications-view";
import { PageHeader } from "@/components/ui/page-header";
import { pageAllows } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Notifications" };
export const dynamic = "force-dynamic";

export default async function NotificationsPage() {
  const { allowed } = await pageAllows("admin");
  if (!allowed) return <NeedsRole role="Admin" />;
  return (
    <>
      <PageHeader title="Notifications" description="Channels, the rules that send events to them, and the log of every delivery." />
      <NotificationsView />
    </>
  );
}
