import type { Metadata } from "next";
import { AccountView } from "@/components/auth/account-view";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/page";
import { ROLE_LABEL } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const who = await requirePageUser();
  return (
    <>
      <PageHeader title="Account and tokens" description={`${who.email} · ${ROLE_LABEL[who.role]}${who.isOwner ? " (owner)" : ""}`} />
      <AccountView />
    </>
  );
}
