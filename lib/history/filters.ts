import type { FALLBACK_DECISIONS as FD, OPERATOR_RESULTS as OR, RUN_PATHS as RP, RUN_TRIGGERS as RT, STATUS_FAMILIES as SF } from "@/lib/smoke/schema";

import { DAY_MS, exclusiveEnd } from "@/lib/shared/date-range";

// Client-safe: the history filters as they appear in the URL, so a filtered
// view can be shared. Parsing/validation is RunFiltersSchema (server side);
// this module only knows names, labels and how to write a query string.
// NOTE: no zod here — it would add ~30 kB gz to the history page's JS.

/**
 * The guide's vocabulary for the filter menus. Copies of lib/smoke/schema's
 * lists (importing that module would bundle zod into the page); the types
 * keep them from drifting and tests/unit/history-filters.test.ts checks the
 * values are equal.
 */
export const FILTER_OPTIONS = {
  path: ["happy", "error"] satisfies (typeof RP)[number][],
  result: ["pass", "fail"] satisfies (typeof OR)[number][],
  statusFamily: ["2xx", "3xx", "4xx", "5xx", "none"] satisfies (typeof SF)[number][],
  fallbackDecision: ["primary_retained", "fallback_used", "manual_hold"] satisfies (typeof FD)[number][],
  trigger: ["manual", "api", "scheduled", "seed"] satisfies (typeof RT)[number][],
} as const;

export const HISTORY_FILTER_KEYS = [
  "targetId",
  "environmentLabel",
  "path",
  "result",
  "statusFamily",
  "errorClass",
  "fallbackDecision",
  "trigger",
  "startedBy",
  "from",
  "to",
] as const;
export type HistoryFilterKey = (typeof HISTORY_FILTER_KEYS)[number];
export type HistoryFilterValues = Partial<Record<HistoryFilterKey, string>>;

/** Without from/to, history covers the last 30 days (UTC), today included. */
export const DEFAULT_RANGE_DAYS = 30;
/** Charts and summaries cover at most this many days. */
export const MAX_RANGE_DAYS = 366;

export { DAY_MS } from "@/lib/shared/date-range";

export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * The effective range: `from` (inclusive) to `to` (exclusive). A bare date as
 * `to` includes that whole day, like runWhere does.
 */
export function resolveRange(values: { from?: string; to?: string }, now: Date) {
  const to = values.to ? exclusiveEnd(values.to) : now;
  const from = values.from
    ? new Date(values.from.length === 10 ? `${values.from}T00:00:00Z` : values.from)
    : new Date(Date.parse(`${utcDay(new Date(to.getTime() - 1))}T00:00:00Z`) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  const firstDay = utcDay(from);
  const lastDay = utcDay(new Date(Math.max(from.getTime(), to.getTime() - 1)));
  const days: string[] = [];
  for (let t = Date.parse(`${firstDay}T00:00:00Z`); t <= Date.parse(`${lastDay}T00:00:00Z`) && days.length < MAX_RANGE_DAYS; t += DAY_MS) {
    days.push(utcDay(new Date(t)));
  }
  return { from, to, days, defaulted: !values.from && !values.to };
}

/** Query string for a set of filter values (empty values dropped). */
export function filtersToQuery(values: HistoryFilterValues, extra: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  for (const key of HISTORY_FILTER_KEYS) {
    const v = values[key];
    if (v) p.set(key, v);
  }
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}

export function pickFilterValues(params: Record<string, string | string[] | undefined>): HistoryFilterValues {
  const out: HistoryFilterValues = {};
  for (const key of HISTORY_FILTER_KEYS) {
    const raw = params[key];
    const v = Array.isArray(raw) ? raw[0] : raw;
    if (v !== undefined && v !== "") out[key] = v;
  }
  return out;
}

export const FILTER_LABELS: Record<HistoryFilterKey, string> = {
  targetId: "Target",
  environmentLabel: "Environment label",
  path: "Path",
  result: "operator_result",
  statusFamily: "Status family",
  errorClass: "Client error class",
  fallbackDecision: "Fallback decision",
  trigger: "Trigger",
  startedBy: "Started by",
  from: "From",
  to: "To",
};
