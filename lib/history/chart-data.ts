import type { HistorySummary } from "@/lib/history/schema";

// Pure shaping of the summary for charts and their table views: both read
// the same rows, so the picture and the numbers cannot disagree.

export type PassRateRow = { day: string } & Record<string, number | null | string>;

/**
 * The days a chart spans: from the first day with a record to the range's
 * last day (today by default). Thirty days with data on the last one or two
 * drew dots pressed against the right edge (issue 15); leading days without
 * records say nothing a chart needs to draw. The table views keep every row.
 */
export function chartDays(s: HistorySummary): string[] {
  const first = s.retriesByDay.findIndex((d) => d.runs > 0);
  const firstDay = first === -1 ? undefined : s.retriesByDay[first].day;
  const i = firstDay ? s.range.days.indexOf(firstDay) : -1;
  return i > 0 ? s.range.days.slice(i) : s.range.days;
}

export function retrySeries(s: HistorySummary) {
  const days = new Set(chartDays(s));
  return s.retriesByDay.filter((d) => days.has(d.day));
}

export function passRateSeries(s: HistorySummary) {
  const targets = [...new Map(s.passRateByDay.map((r) => [r.targetId ?? r.targetName, r.targetName])).entries()].map(([key, name]) => ({ key, name }));
  const rows: PassRateRow[] = chartDays(s).map((day) => {
    const row: PassRateRow = { day };
    for (const t of targets) {
      const p = s.passRateByDay.find((r) => r.day === day && (r.targetId ?? r.targetName) === t.key);
      // No runs that day is a gap in the line, not a 0 % point.
      row[t.key] = p && p.passRate !== null ? Math.round(p.passRate * 1000) / 10 : null;
    }
    return row;
  });
  return { targets, rows };
}

export const classKey = (statusFamily: string, errorClass: string) => `${statusFamily} · ${errorClass}`;
const MAX_CLASSES = 6;

export function failureSeries(s: HistorySummary) {
  const totals = new Map<string, number>();
  for (const c of s.failureClasses) totals.set(classKey(c.statusFamily, c.errorClass), (totals.get(classKey(c.statusFamily, c.errorClass)) ?? 0) + c.count);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  const keys = ranked.length > MAX_CLASSES ? [...ranked.slice(0, MAX_CLASSES - 1), "other classes"] : ranked;
  const rows = chartDays(s).map((day) => {
    const row: Record<string, number | string> = { day };
    for (const k of keys) row[k] = 0;
    for (const c of s.failureClasses.filter((x) => x.day === day)) {
      const k = classKey(c.statusFamily, c.errorClass);
      const slot = keys.includes(k) ? k : "other classes";
      row[slot] = (row[slot] as number) + c.count;
    }
    return row;
  });
  return { keys, rows, total: [...totals.values()].reduce((a, b) => a + b, 0) };
}

export function describePassRate(s: HistorySummary): string {
  const { targets } = passRateSeries(s);
  if (targets.length === 0) return "Pass rate per day: no runs in this range.";
  const parts = targets.map((t) => {
    const rows = s.passRateByDay.filter((r) => (r.targetId ?? r.targetName) === t.key);
    const pass = rows.reduce((a, r) => a + r.pass, 0);
    const fail = rows.reduce((a, r) => a + r.fail, 0);
    return `${t.name} ${pass + fail ? Math.round((pass / (pass + fail)) * 100) : 0} % over ${rows.length} day${rows.length === 1 ? "" : "s"} with runs`;
  });
  return `Pass rate per day per target: ${parts.join("; ")}.`;
}
