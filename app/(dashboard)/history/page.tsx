import type { Metadata } from "next";
import Link from "next/link";
import { HealthStrip } from "@/components/history/health-strip";
import { HistoryCharts } from "@/components/history/history-charts";
import { HistoryFilters } from "@/components/history/history-filters";
import { HistoryTabs } from "@/components/history/history-tabs";
import { RunsTable } from "@/components/history/runs-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { DEFAULT_RANGE_DAYS, filtersToQuery } from "@/lib/history/filters";
import { fmtPct, nf } from "@/lib/history/format";
import { HISTORY_PAGE_SIZE, historyPageData } from "@/lib/history/page-data";
import { requirePageUser } from "@/lib/auth/page";

export const metadata: Metadata = { title: "History" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function HistoryPage({ searchParams }: Props) {
  await requirePageUser();
  const now = new Date();
  const d = await historyPageData(await searchParams, now);
  const query = filtersToQuery(d.values);
  const rangeLabel = d.range.defaulted
    ? `last ${DEFAULT_RANGE_DAYS} days`
    : `${d.range.days[0]} to ${d.range.days[d.range.days.length - 1]}`;
  const { totals } = d.summary;

  return (
    <>
      <PageHeader
        title="History"
        description="Were rehearsals run, did they pass, what failed and how often. Times are UTC."
        guide="Every rehearsal and smoke record over time. Filters stay in the link, so a view can be shared. The target cards, the charts and the totals count the same records under the same filters; a fallback target counts the fallback legs it served. Charts start at the first day with a record; their table views list every row."
        actions={
          <>
            <a className="btn-secondary" href={`/api/runs/export.csv${query}`} download>
              Export CSV
            </a>
            <a className="btn-ghost" href={`/api/history/summary${query}`}>
              Summary JSON
            </a>
          </>
        }
      />
      <HistoryTabs current="overview" unreviewed={d.unreviewed} />
      <HistoryFilters
        key={query}
        values={d.values}
        targets={d.targets.map((t) => ({ value: t.id, label: `${t.name} (${t.environmentLabel})` }))}
        environments={d.environments}
        errorClasses={d.errorClasses}
        people={d.people}
      />
      {d.invalid.length ? (
        <div role="alert" className="card mb-6 border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          Some filters in this link were not understood and were ignored:{" "}
          {d.invalid.map((i) => `${i.path} (${i.message})`).join("; ")}
        </div>
      ) : null}

      <p className="mb-4 text-sm text-slate-700 dark:text-slate-300" data-testid="history-totals">
        <strong className="tabular-nums">{nf.format(totals.runs)}</strong> records in the {rangeLabel} ·{" "}
        <strong className="tabular-nums">{fmtPct(totals.passRate)}</strong> pass · {nf.format(totals.retryAttempts)} retry attempts ·{" "}
        {nf.format(totals.fallback_used)} fallback_used · {nf.format(totals.manual_hold)} manual_hold
      </p>

      <p className="-mt-2 mb-4 text-sm text-slate-700 dark:text-slate-300" data-testid="history-rehearsal-totals">
        Rehearsals: <strong className="tabular-nums">{nf.format(d.summary.rehearsals.total)}</strong> run ·{" "}
        <strong className="tabular-nums">{nf.format(d.summary.rehearsals.passedBoth)}</strong> passed on both records ·{" "}
        <strong className="tabular-nums">{nf.format(d.summary.rehearsals.allDecisions)}</strong> with all three decisions ·{" "}
        {d.summary.rehearsals.unreviewed ? (
          <Link href="/history/rehearsals?review=unreviewed" className="font-medium text-sky-800 hover:underline dark:text-sky-300">
            {nf.format(d.summary.rehearsals.unreviewed)} unreviewed
          </Link>
        ) : (
          "none unreviewed"
        )}
      </p>

      <HealthStrip targets={d.summary.targets} values={d.values} now={now.getTime()} rangeLabel={rangeLabel} />

      <h2 className="sr-only">Trends</h2>
      <HistoryCharts summary={d.summary} />

      <section aria-labelledby="records-heading">
        <div className="mb-2 flex items-end justify-between gap-3">
          <h2 id="records-heading" className="text-lg font-semibold">
            Records
          </h2>
          <p className="text-xs text-slate-600 dark:text-slate-400">Newest first · {HISTORY_PAGE_SIZE} per page</p>
        </div>
        {d.cursorInvalid ? (
          <p role="alert" className="field-error mb-2">That page link is not valid any more; showing the newest records.</p>
        ) : null}
        {d.page.items.length === 0 ? (
          <EmptyState
            title={d.cursor ? "No older records" : "No records match"}
            action={
              Object.keys(d.values).length ? (
                <Link className="btn-secondary" href="/history">
                  Clear filters
                </Link>
              ) : (
                <Link className="btn-primary" href="/rehearse">
                  Run a rehearsal
                </Link>
              )
            }
          >
            {Object.keys(d.values).length
              ? "Nothing recorded in this range matches these filters. Widen the dates or clear a filter."
              : `No smoke records in the ${rangeLabel}. Records appear here after a run or a rehearsal, manual or scheduled.`}
          </EmptyState>
        ) : (
          <RunsTable items={d.page.items} />
        )}
        <nav aria-label="Pages" className="mt-3 flex items-center justify-between gap-2">
          {d.cursor ? (
            <Link className="btn-ghost" href={`/history${query}`}>
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {d.page.nextCursor ? (
            <Link className="btn-secondary" href={`/history${filtersToQuery(d.values, { cursor: d.page.nextCursor })}`} rel="next">
              Older records →
            </Link>
          ) : d.page.items.length ? (
            <span className="text-xs text-slate-600 dark:text-slate-400">End of the records in this range.</span>
          ) : null}
        </nav>
      </section>
    </>
  );
}
