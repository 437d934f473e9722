import Link from "next/link";

const TABS = [
  { href: "/history", key: "overview", label: "Runs and trends" },
  { href: "/history/rehearsals", key: "rehearsals", label: "Rehearsals" },
  { href: "/history/schedules", key: "schedules", label: "Schedules" },
] as const;

export function HistoryTabs({ current, unreviewed }: { current: (typeof TABS)[number]["key"]; unreviewed?: number }) {
  return (
    <nav aria-label="History sections" className="mb-6 border-b border-slate-200 dark:border-slate-800">
      <ul className="-mb-px flex gap-1 relative overflow-x-auto">
        {TABS.map((t) => {
          const active = t.key === current;
          return (
            <li key={t.key}>
              <Link
                href={t.href}
                aria-current={active ? "page" : undefined}
                className={`inline-flex items-center gap-2 border-b-2 px-3 py-2 text-sm ${
                  active
                    ? "border-sky-700 font-semibold text-sky-800 dark:border-sky-400 dark:text-sky-200"
                    : "border-transparent text-slate-700 hover:border-slate-300 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
                }`}
              >
                {t.label}
                {t.key === "rehearsals" && unreviewed ? (
                  <span className="rounded-full bg-amber-100 px-1.5 text-xs font-semibold text-amber-900 dark:bg-amber-900 dark:text-amber-100" title="Rehearsals not yet reviewed">
                    {unreviewed} unreviewed
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
