"use client";

import { useEffect, useId, useRef, useState } from "react";

/**
 * True once the element is near the viewport. The charts sit below the
 * filters and the health strip; their code (uPlot, ~22 kB gz) is fetched
 * only when the lead scrolls towards them, so the page is usable at its
 * first-load size. The aria summary and the table view need no chart code.
 */
function useNearViewport<T extends Element>() {
  const ref = useRef<T>(null);
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    // Every browser this dashboard supports has IntersectionObserver.
    if (!el || near) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setNear(true);
    }, { rootMargin: "200px" });
    io.observe(el);
    return () => io.disconnect();
  }, [near]);
  return [ref, near] as const;
}

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
  const [ref, near] = useNearViewport<HTMLElement>();
  return (
    <section ref={ref} className="card p-4" aria-labelledby={`${id}-title`} data-testid={testId}>
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
          <div role="img" aria-label={summary} className="min-h-64">
            {near ? chart : null}
          </div>
        )}
      </div>
    </section>
  );
}
