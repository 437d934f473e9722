"use client";

// Loaded with next/dynamic when the charts near the viewport (chart-card.tsx).
// uPlot: a small, well-kept canvas chart library (~22 kB gz). The canvas is
// not read by screen readers; each chart's container carries an aria-label
// summary and the card offers a table view of the same numbers.
// Colours follow the system colour scheme like the rest of the UI.
import { useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import "@/components/history/charts.css";
import type { PassRateRow } from "@/lib/history/chart-data";

const LIGHT = {
  series: ["#0369a1", "#b45309", "#7c3aed", "#0f766e", "#be185d", "#4d7c0f"],
  grid: "#e2e8f0",
  text: "#475569",
  decisions: { primary_retained: "#047857", fallback_used: "#b45309", manual_hold: "#b91c1c" },
  retries: "#0f172a",
};
const DARK = {
  series: ["#38bdf8", "#fbbf24", "#a78bfa", "#2dd4bf", "#f472b6", "#a3e635"],
  grid: "#1e293b",
  text: "#94a3b8",
  decisions: { primary_retained: "#34d399", fallback_used: "#fbbf24", manual_hold: "#f87171" },
  retries: "#e2e8f0",
};
type Palette = typeof LIGHT;

const query = "(prefers-color-scheme: dark)";
function usePalette(): Palette {
  const dark = useSyncExternalStore(
    (cb) => {
      const m = window.matchMedia(query);
      m.addEventListener("change", cb);
      return () => m.removeEventListener("change", cb);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
  return dark ? DARK : LIGHT;
}

const HEIGHT = 210;
/** Whole-number ticks for counts (no "1.5 records"). */
const COUNT_INCRS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000];
const PCT: [number, number] = [0, 100];
const daySeconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;
const fmtDay = (s: number) => new Date(s * 1000).toISOString().slice(5, 10);

type SeriesSpec = { label: string; values: (number | null)[]; stroke: string; scale?: string; dash?: number[]; unit?: string };

function axis(p: Palette, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    stroke: p.text,
    grid: { stroke: p.grid, width: 1 },
    ticks: { stroke: p.grid, width: 1 },
    font: "11px ui-sans-serif, system-ui, sans-serif",
    ...extra,
  };
}

const HALF_DAY = 43_200;
/** Room per day label on the x axis, in CSS px ("12-07" plus a gap). */
const LABEL_ROOM = 52;

/**
 * One tick per day, or every k-th day when they do not fit, counted back
 * from the last day so the last day (today by default) always has its label.
 */
function daySplits(days: string[], plotWidth: number): number[] {
  const every = Math.max(1, Math.ceil((days.length * LABEL_ROOM) / Math.max(plotWidth, 1)));
  const out: number[] = [];
  for (let i = days.length - 1; i >= 0; i -= every) out.unshift(daySeconds(days[i]));
  return out;
}

/**
 * Test hooks on the chart's container, read by tests/e2e/words.spec.ts: where
 * the first and last day sit across the plot (0 = left edge, 1 = right edge)
 * and which day labels the x axis shows. The canvas itself is opaque to the DOM.
 */
function describeDrawn(u: uPlot, el: HTMLElement, days: string[], labels: string[]) {
  const width = u.bbox.width / uPlot.pxRatio;
  if (!width || days.length === 0) return;
  const at = (day: string) => Math.round((u.valToPos(daySeconds(day), "x") / width) * 1000) / 1000;
  el.dataset.firstDayAt = String(at(days[0]));
  el.dataset.lastDayAt = String(at(days[days.length - 1]));
  el.dataset.dayLabels = labels.join(" ");
  el.dataset.drawn = "true";
}

/** A uPlot instance sized to its container, rebuilt when data or colours change. */
function UPlot({ days, series, yLabel, y2Label, yRange }: { days: string[]; series: SeriesSpec[]; yLabel: string; y2Label?: string; yRange?: [number, number] }) {
  const ref = useRef<HTMLDivElement>(null);
  const p = usePalette();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let labels: string[] = [];
    // Few days: bigger points, so one or two days read as data, not specks.
    const pointSize = days.length <= 7 ? 9 : 4;
    const opts: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height: HEIGHT,
      // Days are UTC, like every time in the product.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      cursor: { drag: { x: false, y: false } },
      // Labels only: exact values are in the card's table view.
      legend: { live: false },
      scales: {
        // Half a day of room either side: one day sits in the middle, two days at a quarter and three quarters.
        // NOTE: from the day list, not uPlot's min/max: for a single point on a
        // time scale uPlot widens max by 86 400 / 0.001 s, which drew one day at the left edge.
        x: { time: true, range: (_u, min, max) => (days.length ? [daySeconds(days[0]) - HALF_DAY, daySeconds(days[days.length - 1]) + HALF_DAY] : [min, max]) },
        y: yRange ? { range: yRange } : { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] },
        ...(y2Label ? { y2: { range: (_u: uPlot, _min: number, max: number) => [0, Math.max(1, Math.ceil(max * 1.1))] as uPlot.Range.MinMax } } : {}),
      },
      axes: [
        axis(p, {
          splits: (u) => daySplits(days, u.bbox.width / uPlot.pxRatio || el.clientWidth - 100),
          values: (_u, splits) => (labels = splits.map(fmtDay)),
          space: LABEL_ROOM,
        }),
        axis(p, { label: yLabel, labelSize: 16, size: 44, ...(yRange ? {} : { incrs: COUNT_INCRS }) }),
        ...(y2Label ? [axis(p, { scale: "y2", side: 1, label: y2Label, labelSize: 16, size: 44, grid: { show: false }, incrs: COUNT_INCRS })] : []),
      ],
      series: [
        { label: "Day (UTC)", value: (_u, v) => (v == null ? "—" : new Date(v * 1000).toISOString().slice(0, 10)) },
        ...series.map((s) => ({
          label: s.label,
          scale: s.scale ?? "y",
          stroke: s.stroke,
          width: 2,
          dash: s.dash,
          spanGaps: false,
          points: { show: true, size: pointSize, fill: s.stroke },
          value: (_u: uPlot, v: number | null) => (v == null ? "no runs" : `${v}${s.unit ?? ""}`),
        })),
      ],
      hooks: { draw: [(u) => describeDrawn(u, el, days, labels)] },
    };
    const u = new uPlot(opts, [days.map(daySeconds), ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(280, el.clientWidth), height: HEIGHT }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
    };
  }, [days, series, yLabel, y2Label, yRange, p]);
  return <div ref={ref} className="history-chart text-slate-700 dark:text-slate-300" />;
}

export function PassRateChart({ rows, targets }: { rows: PassRateRow[]; targets: { key: string; name: string }[] }) {
  const p = usePalette();
  const series = useMemo(
    () => targets.map((t, i) => ({ label: t.name, values: rows.map((r) => (r[t.key] as number | null) ?? null), stroke: p.series[i % p.series.length], unit: " %" })),
    [rows, targets, p],
  );
  const days = useMemo(() => rows.map((r) => r.day), [rows]);
  return <UPlot days={days} series={series} yLabel="pass rate %" yRange={PCT} />;
}

export function FailureClassChart({ rows, keys }: { rows: Record<string, number | string>[]; keys: string[] }) {
  const p = usePalette();
  const series = useMemo(() => keys.map((k, i) => ({ label: k, values: rows.map((r) => Number(r[k] ?? 0)), stroke: p.series[i % p.series.length] })), [rows, keys, p]);
  const days = useMemo(() => rows.map((r) => String(r.day)), [rows]);
  return <UPlot days={days} series={series} yLabel="failing records" />;
}

export function RetryChart({ rows }: { rows: Record<string, number | string>[] }) {
  const p = usePalette();
  const series = useMemo<SeriesSpec[]>(
    () => [
      ...(["primary_retained", "fallback_used", "manual_hold"] as const).map((k) => ({ label: k, values: rows.map((r) => Number(r[k] ?? 0)), stroke: p.decisions[k] })),
      { label: "retry attempts", values: rows.map((r) => Number(r.retryAttempts ?? 0)), stroke: p.retries, scale: "y2", dash: [6, 4] },
    ],
    [rows, p],
  );
  const days = useMemo(() => rows.map((r) => String(r.day)), [rows]);
  return <UPlot days={days} series={series} yLabel="records" y2Label="retry attempts" />;
}
