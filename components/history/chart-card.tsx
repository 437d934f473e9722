"use client";

import { useId, useState } from "react";

/** A chart with its table view: the same numbers, for reading and for screen readers. */
export function ChartCard({
  title,
  description,
  summary,
  empty,
  chart,
  table,
  testId,
}: {
  title: string;
  description: string;
  summary: string;
  empty: boolean;
  chart: React.ReactNode;
  table: React.ReactNode;
  testId: string;
}) {
  const [asTable, setAsTable] = useState(false);
  const id = useId();
  return (
    <section className="card p-4" aria-labelledby={`${id}-title`} data-testid={testId}>
      <div className="mb-3 flex items-start justify-between gap-3">
        <div>
          <h3 id={`${id}-title`} className="text-sm font-semibold">
            {title}
          </h3>
          <p className="text-xs text-slate-600 dark:text-slate-400">{description}</p>
        </div>
        {empty ? null : (
          <button type="button" className="btn-secondary shrink-0 text-xs" aria-expanded={asTable} aria-controls={`${id}-body`} onClick={() => setAsTable((v) => !v)}>
            {asTable ? "Show chart" : "Show table"}
          </button>
        )}
      </div>
      <div id={`${id}-body`}>
        {empty ? (
          <p className="py-10 text-center text-sm text-slate-600 dark:text-slate-400">No records match these filters in this range — nothing to draw.</p>
        ) : asTable ? (
          <div className="max-h-80 overflow-auto">{table}</div>
        ) : (
          // NOTE: drawn on load, not when scrolled near: a full-page capture
          // (or a print) of a page nobody scrolled showed empty cards (issue 15).
          <div role="img" aria-label={summary} className="min-h-64">
            {chart}
          </div>
        )}
      </div>
    </section>
  );
}
