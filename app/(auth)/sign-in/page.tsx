import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AccountForm } from "@/components/auth/account-form";
import { needsOwner, pagePrincipal } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (await needsOwner()) redirect("/setup");
  if (await pagePrincipal()) redirect("/rehearse");
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in</h1>
      <p className="mb-4 mt-1 text-sm text-slate-600 dark:text-slate-400">No account yet? Ask an admin of this server for an invitation link.</p>
      <AccountForm mode={{ kind: "sign-in" }} />
    </>
  );
}
