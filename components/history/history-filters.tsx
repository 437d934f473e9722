"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Field } from "@/components/ui/field";
import { FILTER_OPTIONS, filtersToQuery, type HistoryFilterKey, type HistoryFilterValues } from "@/lib/history/filters";

type Option = { value: string; label: string };

export function HistoryFilters({
  values,
  targets,
  environments,
  errorClasses,
  people,
}: {
  values: HistoryFilterValues;
  targets: Option[];
  environments: string[];
  errorClasses: string[];
  people: Option[];
}) {
  const router = useRouter();
  const [draft, setDraft] = useState<HistoryFilterValues>(values);
  const [pending, startTransition] = useTransition();

  // Filters live in the URL: applying one is a navigation, so the view can be
  // shared, reloaded and walked back with the browser's history.
  const apply = (next: HistoryFilterValues) => {
    setDraft(next);
    startTransition(() => router.push(`/history${filtersToQuery(next)}`, { scroll: false }));
  };
  const set = (key: HistoryFilterKey, value: string, now = false) => {
    const next = { ...draft, [key]: value || undefined };
    if (now) apply(next);
    else setDraft(next);
  };
  const select = (key: HistoryFilterKey, label: string, options: Option[], hint?: string) => (
    <Field label={label} hint={hint}>
      {(p) => (
        <select {...p} name={key} className="input" value={draft[key] ?? ""} onChange={(e) => set(key, e.target.value, true)}>
          <option value="">Any</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const plain = (xs: readonly string[]) => xs.map((x) => ({ value: x, label: x }));
  const active = Object.values(values).filter(Boolean).length;

  return (
    <form
      role="search"
      aria-label="Filter history"
      action="/history"
      method="get"
      className="card mb-6 p-4"
      onSubmit={(e) => {
        e.preventDefault();
        apply(draft);
      }}
    >
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-5">
        {select("targetId", "Target", targets)}
        {select("environmentLabel", "Environment label", plain(environments))}
        {select("path", "Path", plain(FILTER_OPTIONS.path))}
        {select("result", "Result", plain(FILTER_OPTIONS.result))}
        {select("statusFamily", "Status family", plain(FILTER_OPTIONS.statusFamily))}
        <Field label="Client error class">
          {(p) => (
            <>
              <input {...p} name="errorClass" className="input" list="history-error-classes" value={draft.errorClass ?? ""} onChange={(e) => set("errorClass", e.target.value)} placeholder="e.g. RateLimitError" />
              <datalist id="history-error-classes">
                {errorClasses.map((c) => (
                  <option key={c} value={c} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        {select("fallbackDecision", "Fallback decision", plain(FILTER_OPTIONS.fallbackDecision))}
        {select("trigger", "Trigger", plain(FILTER_OPTIONS.trigger))}
        {select("startedBy", "Started by", people)}
        <Field label="From (UTC)">
          {(p) => <input {...p} type="date" name="from" className="input" value={(draft.from ?? "").slice(0, 10)} onChange={(e) => set("from", e.target.value)} />}
        </Field>
        <Field label="To (UTC, inclusive)">
          {(p) => <input {...p} type="date" name="to" className="input" value={(draft.to ?? "").slice(0, 10)} onChange={(e) => set("to", e.target.value)} />}
        </Field>
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={pending}>
          Apply filters
        </button>
        <button type="button" className="btn-ghost" disabled={pending || active === 0} onClick={() => apply({})}>
          Clear filters
        </button>
        <span role="status" aria-live="polite" className="text-sm text-slate-600 dark:text-slate-400">
          {pending ? (
            <span className="inline-flex items-center gap-2">
              <span aria-hidden className="h-3 w-3 animate-spin rounded-full border-2 border-sky-700 border-t-transparent" />
              Loading filtered history…
            </span>
          ) : active ? (
            `${active} filter${active === 1 ? "" : "s"} applied`
          ) : (
            "No filters: every target, every path"
          )}
        </span>
      </div>
    </form>
  );
}
