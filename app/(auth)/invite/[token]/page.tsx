import type { Metadata } from "next";
import Link from "next/link";
import { AccountForm } from "@/components/auth/account-form";
import { ROLE_LABEL } from "@/lib/auth/roles";
import { openInvitation } from "@/lib/auth/users";

export const metadata: Metadata = { title: "Accept the invitation", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const inv = await openInvitation(token).catch(() => null);
  if (!inv) {
    return (
      <>
        <h1 className="text-xl font-semibold">This invitation is not valid</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">It may have been used, revoked or expired. Ask the admin who sent it for a new one.</p>
        <Link href="/sign-in" className="btn-secondary mt-4">
          Sign in instead
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold">Join as {ROLE_LABEL[inv.role]}</h1>
      <p className="mb-4 mt-1 text-sm text-slate-600 dark:text-slate-400">
        Create your account. The link works once and expires {new Date(inv.expiresAt).toUTCString()}.
      </p>
      <AccountForm mode={{ kind: "invite", token, email: inv.email }} />
    </>
  );
}
