"use client";

// Loaded with next/dynamic (see history-charts.tsx): recharts stays out of
// the page's first-load JS. Colours switch with the system colour scheme,
// like the rest of the UI, and keep ≥ 3:1 contrast on both backgrounds.
import { useSyncExternalStore } from "react";
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { PassRateRow } from "@/lib/history/chart-data";

const LIGHT = {
  series: ["#0369a1", "#b45309", "#7c3aed", "#0f766e", "#be185d", "#4d7c0f"],
  grid: "#e2e8f0",
  text: "#475569",
  tooltipBg: "#ffffff",
  tooltipBorder: "#cbd5e1",
  decisions: { primary_retained: "#047857", fallback_used: "#b45309", manual_hold: "#b91c1c" },
  retries: "#0f172a",
};
const DARK = {
  series: ["#38bdf8", "#fbbf24", "#a78bfa", "#2dd4bf", "#f472b6", "#a3e635"],
  grid: "#1e293b",
  text: "#94a3b8",
  tooltipBg: "#0f172a",
  tooltipBorder: "#334155",
  decisions: { primary_retained: "#34d399", fallback_used: "#fbbf24", manual_hold: "#f87171" },
  retries: "#e2e8f0",
};

const query = "(prefers-color-scheme: dark)";
function usePalette() {
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

const shortDay = (d: string) => d.slice(5);

function common(p: typeof LIGHT) {
  return {
    grid: <CartesianGrid stroke={p.grid} strokeDasharray="3 3" vertical={false} />,
    xAxis: <XAxis dataKey="day" tickFormatter={shortDay} tick={{ fill: p.text, fontSize: 11 }} stroke={p.grid} minTickGap={16} />,
    tooltip: (
      <Tooltip
        contentStyle={{ background: p.tooltipBg, border: `1px solid ${p.tooltipBorder}`, borderRadius: 6, fontSize: 12 }}
        labelStyle={{ color: p.text }}
        cursor={{ fill: p.grid, opacity: 0.4 }}
      />
    ),
    legend: <Legend wrapperStyle={{ fontSize: 12, color: p.text }} />,
  };
}

export function PassRateChart({ rows, targets }: { rows: PassRateRow[]; targets: { key: string; name: string }[] }) {
  const p = usePalette();
  const c = common(p);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: -12 }} accessibilityLayer={false}>
        {c.grid}
        {c.xAxis}
        <YAxis domain={[0, 100]} unit=" %" tick={{ fill: p.text, fontSize: 11 }} stroke={p.grid} width={56} />
        {c.tooltip}
        {c.legend}
        {targets.map((t, i) => (
          <Line key={t.key} type="linear" dataKey={t.key} name={t.name} stroke={p.series[i % p.series.length]} strokeWidth={2} dot={{ r: 2 }} connectNulls={false} isAnimationActive={false} unit=" %" />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

export function FailureClassChart({ rows, keys }: { rows: Record<string, number | string>[]; keys: string[] }) {
  const p = usePalette();
  const c = common(p);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: -12 }} accessibilityLayer={false}>
        {c.grid}
        {c.xAxis}
        <YAxis allowDecimals={false} tick={{ fill: p.text, fontSize: 11 }} stroke={p.grid} width={56} />
        {c.tooltip}
        {c.legend}
        {keys.map((k, i) => (
          <Bar key={k} dataKey={k} stackId="f" fill={p.series[i % p.series.length]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

export function RetryChart({ rows }: { rows: Record<string, number | string>[] }) {
  const p = usePalette();
  const c = common(p);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: -12 }} accessibilityLayer={false}>
        {c.grid}
        {c.xAxis}
        <YAxis yAxisId="runs" allowDecimals={false} tick={{ fill: p.text, fontSize: 11 }} stroke={p.grid} width={56} />
        <YAxis yAxisId="retries" orientation="right" allowDecimals={false} tick={{ fill: p.text, fontSize: 11 }} stroke={p.grid} width={40} />
        {c.tooltip}
        {c.legend}
        {(["primary_retained", "fallback_used", "manual_hold"] as const).map((k) => (
          <Bar key={k} yAxisId="runs" dataKey={k} stackId="d" fill={p.decisions[k]} isAnimationActive={false} />
        ))}
        <Line yAxisId="retries" type="linear" dataKey="retryAttempts" name="retry attempts" stroke={p.retries} strokeWidth={2} dot={false} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
