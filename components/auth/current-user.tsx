"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { Role } from "@/lib/auth/roles";

export type CurrentUser = { id: string; email: string; name: string; role: Role; isOwner: boolean };

const Ctx = createContext<CurrentUser | null>(null);

export function CurrentUserProvider({ user, children }: { user: CurrentUser; children: ReactNode }) {
  return <Ctx.Provider value={user}>{children}</Ctx.Provider>;
}

/** The signed-in user, for showing only what they may do (the server checks again). */
export function useCurrentUser(): CurrentUser | null {
  return useContext(Ctx);
}

const ORDER: Role[] = ["viewer", "operator", "admin"];
export function useCan(role: Role): boolean {
  const u = useCurrentUser();
  return !!u && ORDER.indexOf(u.role) >= ORDER.indexOf(role);
}
