import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AccountForm } from "@/components/auth/account-form";
import { needsOwner } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Create the owner account" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if (!(await needsOwner())) redirect("/sign-in");
  return (
    <>
      <h1 className="text-xl font-semibold">Create the owner account</h1>
      <p className="mb-4 mt-1 text-sm text-slate-600 dark:text-slate-400">
        This is the first visit to this server. The owner is an admin: they invite the team and no one else can demote them.
      </p>
      <AccountForm mode={{ kind: "setup" }} />
    </>
  );
}
