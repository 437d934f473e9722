import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { filtersToQuery, type HistoryFilterValues } from "@/lib/history/filters";
import { fmtAgo, fmtPct, fmtUtc, nf } from "@/lib/history/format";
import type { TargetHealth } from "@/lib/history/schema";

/** Per-target health: last pass, last fail, current streak, pass rate over the range. */
export function HealthStrip({ targets, values, now, rangeLabel }: { targets: TargetHealth[]; values: HistoryFilterValues; now: number; rangeLabel: string }) {
  if (targets.length === 0) return null;
  return (
    <section aria-labelledby="health-heading" className="mb-6">
      <h2 id="health-heading" className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
        Target health · {rangeLabel}
      </h2>
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {targets.map((t) => {
          const tone = t.passRate === null ? "neutral" : t.passRate >= 0.95 ? "pass" : t.passRate >= 0.8 ? "warn" : "fail";
          return (
            <li key={t.targetId} className="card p-4" data-testid="health-card" data-target-name={t.targetName}>
              <div className="flex items-start justify-between gap-2">
                <Link href={`/history${filtersToQuery({ ...values, targetId: t.targetId })}`} className="font-medium text-sky-800 hover:underline dark:text-sky-300">
                  {t.targetName}
                </Link>
                <Badge>{t.environmentLabel}</Badge>
              </div>
              {t.runs === 0 && t.fallbackLegs > 0 ? (
                // A target used only as a fallback: what it served is its record here.
                <p className="mt-2" data-testid="health-fallback-legs">
                  <span className="block whitespace-nowrap text-2xl font-semibold tabular-nums">{nf.format(t.fallbackLegs)}</span>
                  <span className="block text-xs text-slate-600 dark:text-slate-400">
                    fallback leg{t.fallbackLegs === 1 ? "" : "s"} · {nf.format(t.fallbackLegsServed)} answered and passed the contract
                  </span>
                </p>
              ) : (
                <p className="mt-2">
                  <span className={`block whitespace-nowrap font-semibold tabular-nums ${t.passRate === null ? "text-base text-slate-600 dark:text-slate-400" : "text-2xl"} ${tone === "fail" ? "text-red-700 dark:text-red-400" : tone === "warn" ? "text-amber-700 dark:text-amber-300" : ""}`}>
                    {fmtPct(t.passRate)}
                  </span>
                  <span className="block text-xs text-slate-600 dark:text-slate-400">
                    pass rate · {t.runs === 0 ? "no runs in this range" : `${nf.format(t.pass)} pass / ${nf.format(t.fail)} fail`}
                  </span>
                  {t.fallbackLegs > 0 ? (
                    <span className="block text-xs text-slate-600 dark:text-slate-400" data-testid="health-fallback-legs">
                      also {nf.format(t.fallbackLegs)} fallback leg{t.fallbackLegs === 1 ? "" : "s"}, {nf.format(t.fallbackLegsServed)} passed
                    </span>
                  ) : null}
                </p>
              )}
              <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
                <dt className="text-slate-600 dark:text-slate-400">Last pass</dt>
                <dd title={fmtUtc(t.lastPassAt)}>{fmtAgo(t.lastPassAt, now)}</dd>
                <dt className="text-slate-600 dark:text-slate-400">Last fail</dt>
                <dd title={fmtUtc(t.lastFailAt)}>{fmtAgo(t.lastFailAt, now)}</dd>
                <dt className="text-slate-600 dark:text-slate-400">Streak</dt>
                <dd>
                  {t.streak ? (
                    <Badge tone={t.streak.result}>
                      {nf.format(t.streak.count)} {t.streak.result === "pass" ? (t.streak.count === 1 ? "pass" : "passes") : t.streak.count === 1 ? "fail" : "fails"} in a row
                    </Badge>
                  ) : (
                    "no records yet"
                  )}
                </dd>
              </dl>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
