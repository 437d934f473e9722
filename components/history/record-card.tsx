import Link from "next/link";
import { ResultBadge } from "@/components/smoke/badges";
import { CopyButton } from "@/components/ui/copy-button";
import { TraceId } from "@/components/ui/trace-id";
import type { RunJson } from "@/lib/smoke/schema";

/** One record in the guide's template order, with a link to the full record. */
export function RecordCard({ title, run, traceUrlTemplate = null }: { title: string; run: RunJson | null; traceUrlTemplate?: string | null }) {
  if (!run) {
    return (
      <section className="card p-4">
        <h2 className="text-base font-semibold">{title}</h2>
        <p className="mt-1 text-sm italic text-amber-800 dark:text-amber-300">not recorded — this rehearsal has no such run.</p>
      </section>
    );
  }
  const rec = run.record;
  const rows: [string, React.ReactNode][] = [
    ["test_id", <span key="t"><span className="mono">{rec.test_id}</span><CopyButton text={rec.test_id} what="test id" small /></span>],
    ["checked_at", rec.checked_at.replace(/\.\d{3}Z$/, "Z")],
    ["environment_label", rec.environment_label],
    ["endpoint_family", rec.endpoint_family],
    ["http_status_family", `${rec.http_status_family ?? "not recorded"}${rec.http_status_code ? ` (${rec.http_status_code})` : ""}`],
    ["client_error_class", <span className="mono" key="c">{rec.client_error_class ?? "not recorded"}</span>],
    ["retry_attempts", `${rec.retry_attempts} of ceiling ${rec.retry_ceiling}`],
    ["fallback_decision", rec.fallback_decision ?? "not recorded"],
    ["trace_id_placeholder", <span key="tr"><TraceId traceId={rec.trace_id_placeholder} template={traceUrlTemplate} /><CopyButton text={rec.trace_id_placeholder} what="trace id" small /></span>],
    ["operator_result", rec.operator_result ?? "not recorded"],
  ];
  return (
    <section className="card p-4" data-testid={`record-${run.path}`}>
      <div className="flex items-start justify-between gap-2">
        <h2 className="text-base font-semibold">{title}</h2>
        <ResultBadge result={rec.operator_result} state={run.state} path={run.path} />
      </div>
      <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="mono text-slate-600 dark:text-slate-400">{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {rec.notes || rec.sanitized_error_summary ? <p className="mt-3 text-sm text-slate-700 dark:text-slate-300">{rec.notes || rec.sanitized_error_summary}</p> : null}
      <Link href={`/records/${run.id}`} className="mt-3 inline-block text-sm text-sky-800 hover:underline dark:text-sky-300">
        Open the full record ({run.attempts.length} attempt{run.attempts.length === 1 ? "" : "s"}) →
      </Link>
    </section>
  );
}
