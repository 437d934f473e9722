import Link from "next/link";

/** What was not found, why that may be, and a way back: our 404, inside the dashboard or on its own. */
export function NotFoundCard({ what, why, back }: { what: string; why: string; back: { href: string; label: string }[] }) {
  return (
    <div className="card w-full max-w-lg p-6" data-testid="not-found">
      <p className="text-sm font-medium text-slate-600 dark:text-slate-400">404 · not found</p>
      <h1 className="mt-1 text-xl font-semibold">{what}</h1>
      <p className="mt-3 text-sm text-slate-700 dark:text-slate-300">{why}</p>
      <nav aria-label="Ways back" className="mt-5 flex flex-wrap gap-2">
        {back.map((b, i) => (
          <Link key={b.href} href={b.href} className={i === 0 ? "btn-primary" : "btn-secondary"}>
            {b.label}
          </Link>
        ))}
      </nav>
    </div>
  );
}
