import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { principalFrom, type Principal } from "@/lib/auth/principal";
import { roleAtLeast, type Role } from "@/lib/auth/roles";
import { db } from "@/lib/db";

/** The signed-in user of this page request (once per request). */
export const pagePrincipal = cache(async (): Promise<Principal | null> => principalFrom(await headers()));

export const needsOwner = async () => (await db.user.count({ where: { isOwner: true } })) === 0;

/**
 * Every dashboard page calls this on the server (the layout alone is not
 * enough: a client-side navigation re-renders the page, not the layout).
 * No user: the first visit creates the owner, later visits sign in.
 */
export async function requirePageUser(): Promise<Principal> {
  const who = await pagePrincipal();
  if (who) return who;
  redirect((await needsOwner()) ? "/setup" : "/sign-in");
}

/** For pages only some roles may open; the page renders a plain refusal otherwise. */
export async function pageAllows(role: Role): Promise<{ who: Principal; allowed: boolean }> {
  const who = await requirePageUser();
  return { who, allowed: roleAtLeast(who.role, role) };
}
