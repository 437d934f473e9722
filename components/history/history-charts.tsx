"use client";

import dynamic from "next/dynamic";
import { ChartCard } from "@/components/history/chart-card";
import { describePassRate, failureSeries, passRateSeries, retrySeries } from "@/lib/history/chart-data";
import { fmtPct, nf } from "@/lib/history/format";
import type { HistorySummary } from "@/lib/history/schema";

function ChartLoading() {
  return (
    <div className="flex h-full items-center justify-center gap-2 text-sm text-slate-600 dark:text-slate-400" role="status">
      <span aria-hidden className="h-3 w-3 animate-spin rounded-full border-2 border-sky-700 border-t-transparent" />
      Drawing chart…
    </div>
  );
}

// NOTE: the chart code (uPlot) is split out of the page's first load and
// fetched right after it; the aria summaries and table views need none of it.
const PassRateChart = dynamic(() => import("@/components/history/charts-impl").then((m) => m.PassRateChart), { ssr: false, loading: ChartLoading });
const FailureClassChart = dynamic(() => import("@/components/history/charts-impl").then((m) => m.FailureClassChart), { ssr: false, loading: ChartLoading });
const RetryChart = dynamic(() => import("@/components/history/charts-impl").then((m) => m.RetryChart), { ssr: false, loading: ChartLoading });

const th = "table-th sticky top-0 bg-white dark:bg-slate-900";
const td = "table-td tabular-nums";

export function HistoryCharts({ summary }: { summary: HistorySummary }) {
  const pr = passRateSeries(summary);
  const fc = failureSeries(summary);
  const totalRuns = summary.totals.runs;
  const busiest = [...summary.retriesByDay].sort((a, b) => b.retryAttempts - a.retryAttempts)[0];
  return (
    <div className="mb-6 grid gap-4 lg:grid-cols-2">
      <ChartCard
        testId="chart-pass-rate"
        title="Pass rate per day per target"
        description="Passing records ÷ (pass + fail), per UTC day. Days without runs are gaps, not 0 %."
        summary={describePassRate(summary)}
        empty={summary.passRateByDay.length === 0}
        chart={<PassRateChart rows={pr.rows} targets={pr.targets} />}
        table={
          <table className="w-full" data-testid="table-pass-rate">
            <caption className="sr-only">Pass rate per day per target</caption>
            <thead>
              <tr>
                <th scope="col" className={th}>Day (UTC)</th>
                <th scope="col" className={th}>Target</th>
                <th scope="col" className={th}>Runs</th>
                <th scope="col" className={th}>pass</th>
                <th scope="col" className={th}>fail</th>
                <th scope="col" className={th}>Pass rate</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {summary.passRateByDay.map((r) => (
                <tr key={`${r.day}-${r.targetId}`}>
                  <td className={td}>{r.day}</td>
                  <td className="table-td">{r.targetName}</td>
                  <td className={td} data-col="runs">{r.runs}</td>
                  <td className={td}>{r.pass}</td>
                  <td className={td}>{r.fail}</td>
                  <td className={td}>{fmtPct(r.passRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
      <ChartCard
        testId="chart-failure-classes"
        title="Failure classes over time"
        description="Failing records per day, one line per status family · client error class."
        summary={`Failure classes: ${fc.total} failing records${fc.keys.length ? `, most often ${fc.keys[0]}` : ""}.`}
        empty={fc.total === 0}
        chart={<FailureClassChart rows={fc.rows} keys={fc.keys} />}
        table={
          <table className="w-full" data-testid="table-failure-classes">
            <caption className="sr-only">Failing records per day by status family and client error class</caption>
            <thead>
              <tr>
                <th scope="col" className={th}>Day (UTC)</th>
                <th scope="col" className={th}>Status family</th>
                <th scope="col" className={th}>Client error class</th>
                <th scope="col" className={th}>Failing records</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {summary.failureClasses.map((c) => (
                <tr key={`${c.day}-${c.statusFamily}-${c.errorClass}`}>
                  <td className={td}>{c.day}</td>
                  <td className="table-td">{c.statusFamily}</td>
                  <td className="table-td mono">{c.errorClass}</td>
                  <td className={td}>{c.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
      <div className="lg:col-span-2">
        <ChartCard
          testId="chart-retries"
          title="Retries and fallback decisions over time"
          description="Records per day by fallback decision (left axis); dashed: retry attempts that day (right axis)."
          summary={`Retries and fallback decisions: ${nf.format(summary.totals.retryAttempts)} retry attempts over ${nf.format(totalRuns)} records; primary_retained ${summary.totals.primary_retained}, fallback_used ${summary.totals.fallback_used}, manual_hold ${summary.totals.manual_hold}${busiest && busiest.retryAttempts ? `; most retries on ${busiest.day}` : ""}.`}
          empty={totalRuns === 0}
          chart={<RetryChart rows={retrySeries(summary)} />}
          table={
            <table className="w-full" data-testid="table-retries">
              <caption className="sr-only">Retries and fallback decisions per day</caption>
              <thead>
                <tr>
                  <th scope="col" className={th}>Day (UTC)</th>
                  <th scope="col" className={th}>Records</th>
                  <th scope="col" className={th}>Retry attempts</th>
                  <th scope="col" className={th}>Records with retries</th>
                  <th scope="col" className={th}>primary_retained</th>
                  <th scope="col" className={th}>fallback_used</th>
                  <th scope="col" className={th}>manual_hold</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {summary.retriesByDay.filter((d) => d.runs > 0).map((d) => (
                  <tr key={d.day}>
                    <td className={td}>{d.day}</td>
                    <td className={td}>{d.runs}</td>
                    <td className={td}>{d.retryAttempts}</td>
                    <td className={td}>{d.runsWithRetries}</td>
                    <td className={td}>{d.primary_retained}</td>
                    <td className={td}>{d.fallback_used}</td>
                    <td className={td}>{d.manual_hold}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      </div>
    </div>
  );
}
