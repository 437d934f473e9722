import type { Attempt } from "@/lib/smoke/schema";

const COLORS: Record<string, string> = {
  success: "bg-emerald-700",
  retry: "bg-amber-700",
  stop: "bg-red-700",
  fallback: "bg-sky-700",
};

/**
 * The attempts drawn to scale on one time axis: each attempt's duration as a
 * bar, each backoff wait as a hatched gap. The same numbers are in the
 * attempts table below it.
 */
export function AttemptTimeline({ attempts }: { attempts: Attempt[] }) {
  if (attempts.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No HTTP attempt was sent.</p>;
  type Segment = { kind: "attempt" | "wait"; ms: number; a: Attempt };
  const segments = attempts.flatMap((a, i) => {
    const out: Segment[] = [{ kind: "attempt", ms: Math.max(a.durationMs, 1), a }];
    if (a.waitMs > 0 && i < attempts.length - 1) out.push({ kind: "wait", ms: a.waitMs, a });
    return out;
  });
  const total = segments.reduce((n, s) => n + s.ms, 0);
  const description = attempts
    .map((a) => `attempt ${a.seq + 1} ${a.durationMs} ms ${a.statusCode ?? "no response"} ${a.decision}${a.waitMs ? `, then waited ${a.waitMs} ms` : ""}`)
    .join("; ");
  return (
    <figure>
      <div role="img" aria-label={`Attempt timeline, ${total} ms in all: ${description}`} className="flex h-9 w-full overflow-hidden rounded-md border border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-950">
        {segments.map((s, i) =>
          s.kind === "attempt" ? (
            <div
              key={i}
              className={`${COLORS[s.a.decision] ?? "bg-slate-500"} flex min-w-[3px] items-center justify-center border-r border-white text-[11px] font-medium text-white dark:border-slate-900`}
              style={{ width: `${(s.ms / total) * 100}%` }}
              title={`#${s.a.seq + 1} ${s.a.targetName}: ${s.a.statusCode ?? "no response"} in ${s.a.durationMs} ms — ${s.a.decision}`}
            >
              {/* The decision in words where there is room, so colour is never the only cue. */}
              {s.ms / total > 0.16 ? `#${s.a.seq + 1} ${s.a.decision}` : s.ms / total > 0.05 ? `#${s.a.seq + 1}` : ""}
            </div>
          ) : (
            <div
              key={i}
              className="min-w-[2px] border-r border-white bg-[repeating-linear-gradient(45deg,transparent,transparent_4px,rgba(100,116,139,0.35)_4px,rgba(100,116,139,0.35)_8px)] dark:border-slate-900"
              style={{ width: `${(s.ms / total) * 100}%` }}
              title={`backoff wait ${s.ms} ms`}
            />
          ),
        )}
      </div>
      <figcaption className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
        <span>0 ms</span>
        <span className="inline-flex items-center gap-1"><span className="h-2.5 w-2.5 rounded-sm bg-emerald-700" />success</span>
        <span className="inline-flex items-center gap-1"><span className="h-2.5 w-2.5 rounded-sm bg-amber-700" />retry</span>
        <span className="inline-flex items-center gap-1"><span className="h-2.5 w-2.5 rounded-sm bg-sky-700" />fallback</span>
        <span className="inline-flex items-center gap-1"><span className="h-2.5 w-2.5 rounded-sm bg-red-700" />stop</span>
        <span className="inline-flex items-center gap-1"><span className="h-2.5 w-2.5 rounded-sm bg-[repeating-linear-gradient(45deg,transparent,transparent_2px,rgba(100,116,139,0.6)_2px,rgba(100,116,139,0.6)_4px)]" />backoff wait</span>
        <span className="ml-auto">{total} ms</span>
      </figcaption>
    </figure>
  );
}
