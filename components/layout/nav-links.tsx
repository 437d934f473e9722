"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export const NAV_ITEMS = [
  { href: "/rehearse", label: "Rehearse", hint: "Run smoke tests" },
  { href: "/records", label: "Records", hint: "Every smoke run" },
  { href: "/packets", label: "Packets", hint: "Escalation packets" },
  { href: "/history", label: "History", hint: "Trends and reviews" },
  { href: "/targets", label: "Targets", hint: "LLM API paths" },
] as const;

const ADMIN_ITEMS = [
  { href: "/admin/users", label: "Users", hint: "People and invitations" },
  { href: "/admin/audit", label: "Audit log", hint: "Who did what" },
  { href: "/admin/notifications", label: "Notifications", hint: "Channels, rules, deliveries" },
] as const;

export function NavLinks({ admin = false }: { admin?: boolean }) {
  const pathname = usePathname();
  const items = admin ? [...NAV_ITEMS, ...ADMIN_ITEMS] : NAV_ITEMS;
  return (
    <nav aria-label="Main" className="px-2 pb-2 md:pb-0">
      <ul className="flex flex-wrap gap-1 md:flex-col">
        {items.map((item) => {
          const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={`block rounded-md px-3 py-2 text-sm ${
                  active
                    ? "bg-sky-50 font-semibold text-sky-800 dark:bg-sky-950 dark:text-sky-200"
                    : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
                }`}
              >
                {item.label}
                <span className="hidden text-xs font-normal text-slate-600 md:block dark:text-slate-400">{item.hint}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
