import Link from "next/link";
import type { CurrentUser } from "@/components/auth/current-user";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { CommandPalette } from "@/components/layout/command-palette";
import { NavLinks } from "@/components/layout/nav-links";
import { ROLE_LABEL } from "@/lib/auth/roles";
import { APP_VERSION } from "@/lib/version";

export function AppShell({ children, user }: { children: React.ReactNode; user: CurrentUser }) {
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm">
        Skip to content
      </a>
      <aside className="border-b border-slate-200 bg-white md:sticky md:top-0 md:h-screen md:w-56 md:shrink-0 md:border-b-0 md:border-r dark:border-slate-800 dark:bg-slate-900">
        <div className="flex h-full flex-col">
          <Link href="/rehearse" className="flex items-center gap-2 px-4 py-4">
            <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-sky-700 text-xs font-bold text-white">EP</span>
            <span className="text-sm font-semibold tracking-tight">Evidence Packet</span>
          </Link>
          <CommandPalette />
          <NavLinks admin={user.role === "admin"} />
          <div className="mt-auto border-t border-slate-200 px-2 py-3 text-xs dark:border-slate-800">
            <p className="truncate px-3 font-medium text-slate-800 dark:text-slate-200" title={user.email}>
              {user.email}
            </p>
            <p className="px-3 text-slate-600 dark:text-slate-400">
              {ROLE_LABEL[user.role]}
              {user.isOwner ? " · owner" : ""}
            </p>
            <div className="mt-1 flex gap-1 md:flex-col">
              <Link href="/account" className="btn-ghost justify-start text-xs">
                Account and tokens
              </Link>
              <SignOutButton />
            </div>
          </div>
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 md:px-8 md:py-8">
          {children}
        </main>
        <footer className="border-t border-slate-200 px-4 py-3 text-xs text-slate-600 md:px-8 dark:border-slate-800 dark:text-slate-400">
          Evidence Packet v{APP_VERSION} · records hold sanitized metadata only
        </footer>
      </div>
    </div>
  );
}
