import type { RunJson } from "@/lib/smoke/schema";
import { recordYaml } from "@/lib/smoke/records";
import { SAFE_PROMPT_ID } from "@/lib/smoke/prompt";
import { errorClassOwner } from "@/lib/smoke/constants";
import { AttemptTable } from "@/components/smoke/attempt-table";
import { AttemptTimeline } from "@/components/smoke/attempt-timeline";
import { FallbackBadge, ResultBadge, StatusBadge } from "@/components/smoke/badges";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { TraceId } from "@/components/ui/trace-id";

const show = (v: unknown) => (v === null || v === undefined || v === "" ? <span className="text-slate-500 dark:text-slate-400">not recorded</span> : String(v));

function Section({ title, children, id }: { title: string; children: React.ReactNode; id: string }) {
  return (
    <section className="card p-5" aria-labelledby={id}>
      <h2 id={id} className="mb-3 text-base font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** `traceUrlTemplate`: TRACE_URL_TEMPLATE, when set; the trace id is then a link (decision 131). */
export function RecordDetail({ run, traceUrlTemplate = null }: { run: RunJson; traceUrlTemplate?: string | null }) {
  const r = run.record;
  const yaml = recordYaml(r);
  const fields: [string, React.ReactNode][] = [
    ["test_id", <span key="t"><span className="mono">{r.test_id}</span><CopyButton text={r.test_id} what="test id" small /></span>],
    ["checked_at", <span key="c" className="mono" title={new Date(r.checked_at).toString()}>{r.checked_at}</span>],
    ["environment_label", r.environment_label],
    ["endpoint_family", r.endpoint_family],
    ["http_status_family", <StatusBadge key="s" family={r.http_status_family} code={r.http_status_code} />],
    ["http_status_code", show(r.http_status_code)],
    [
      "client_error_class",
      <span key="e">
        <span className="mono">{show(r.client_error_class)}</span>
        {errorClassOwner(r.client_error_class) ? <span className="block text-xs text-slate-600 dark:text-slate-400">{errorClassOwner(r.client_error_class)}</span> : null}
      </span>,
    ],
    ["retry_attempts", `${r.retry_attempts}`],
    ["retry_ceiling", `${r.retry_ceiling}`],
    ["fallback_decision", <FallbackBadge key="f" decision={r.fallback_decision} />],
    ["trace_id_placeholder", <span key="tr"><TraceId traceId={r.trace_id_placeholder} template={traceUrlTemplate} /><CopyButton text={r.trace_id_placeholder} what="trace id" small /></span>],
    ["request_id", <span key="rq"><span className="mono break-all">{show(r.request_id)}</span>{r.request_id ? <CopyButton text={r.request_id} what="request id" small /> : null}</span>],
    ["response_object_family", show(r.response_object_family)],
    ["contract_result", show(r.contract_result)],
    ["operator_result", <ResultBadge key="o" result={r.operator_result} state={run.state} path={run.path} />],
    ["duration_ms", show(r.duration_ms)],
    ["sanitized_error_summary", show(r.sanitized_error_summary)],
    ["notes", show(r.notes)],
    // Streamed runs only: beside the template, never in it (docs/decisions/110).
    ...(r.stream
      ? ([
          ["stream", "true"],
          ["time_to_first_byte_ms", show(r.time_to_first_byte_ms ?? null)],
          ["time_to_first_token_ms", show(r.time_to_first_token_ms ?? null)],
          ["stream_chunks", show(r.stream_chunks ?? null)],
          ["stream_termination", <span key="st" className="mono">{show(r.stream_termination ?? null)}</span>],
        ] as [string, React.ReactNode][])
      : []),
  ];
  return (
    <div className="space-y-5">
      <div className="card p-5">
        <div className="flex flex-wrap items-center gap-2">
          <ResultBadge result={r.operator_result} state={run.state} path={run.path} />
          <Badge>{run.path} path</Badge>
          {run.errorScenario ? <Badge tone="info">{run.errorScenario}</Badge> : null}
          <Badge>{run.trigger}</Badge>
          {run.startedBy && run.startedBy.kind !== "schedule" ? (
            <span className="text-sm text-slate-600 dark:text-slate-400" data-testid="record-started-by">
              started by {run.startedBy.label}
            </span>
          ) : null}
        </div>
        <p className="mt-3 text-sm">{run.fallbackReason ?? "Still running — the outcome is not recorded yet."}</p>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Expected: {run.expectation ?? "not recorded"}</p>
        <p className="mt-3 text-xs text-slate-600 dark:text-slate-400">
          Request plan: {run.targetName} · model <span className="mono">{run.model}</span> · profile {run.providerProfile} · safe prompt <span className="mono">{SAFE_PROMPT_ID}</span> (referenced by id, never stored) · credential {run.credentialConfigured ? "configured" : "not configured"}
        </p>
      </div>

      {/* NOTE: min-w-0 lets long values wrap instead of widening the page at 390 px. */}
      <div className="grid gap-5 lg:grid-cols-2 [&>*]:min-w-0">
        <Section title="Record fields" id="fields-title">
          <dl className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {fields.map(([k, v]) => (
              <div key={k} className="grid grid-cols-[minmax(0,9.5rem)_minmax(0,1fr)] gap-3 py-1.5 sm:grid-cols-[12.5rem_minmax(0,1fr)]">
                <dt className="mono break-all text-slate-600 sm:break-normal dark:text-slate-400">{k}</dt>
                <dd className="min-w-0 break-words">{v}</dd>
              </div>
            ))}
          </dl>
        </Section>
        <div className="space-y-5">
          <Section title="Minimum assertions and expected behaviour" id="checks-title">
            {run.checks.length === 0 ? (
              <p className="text-sm text-slate-600 dark:text-slate-400">No checks recorded yet.</p>
            ) : (
              <ul className="space-y-2 text-sm" data-testid="checks">
                {run.checks.map((c) => (
                  <li key={c.name} className="flex items-start gap-2">
                    <Badge tone={c.passed ? "pass" : "fail"}>{c.passed ? "pass" : "fail"}</Badge>
                    <span>
                      <span className="font-medium">{c.name}</span>
                      <span className="block text-xs text-slate-600 dark:text-slate-400">{c.detail}</span>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title="Sanitized log record (the guide's template)" id="yaml-title">
            <pre tabIndex={0} aria-label="Record YAML" className="mono relative whitespace-pre-wrap rounded-md bg-slate-900 p-3 text-slate-100 [overflow-wrap:anywhere]" data-testid="record-yaml">{yaml}</pre>
            <div className="mt-3 flex gap-2">
              <CopyButton text={yaml} label="Copy YAML" />
              <a className="btn-secondary" href={`/api/runs/${run.id}/record.yaml`} download={`${run.testId}.yaml`}>Download</a>
            </div>
          </Section>
        </div>
      </div>

      <Section title="Attempts" id="attempts-title">
        <AttemptTimeline attempts={run.attempts} />
        <div className="mt-4">
          <AttemptTable attempts={run.attempts} caption="Attempts" />
        </div>
        {run.attempts.length > 0 ? (
          <div className="relative mt-4 overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="mb-1 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">Correlation ids (trace {r.trace_id_placeholder})</caption>
            <thead>
              <tr>
                <th scope="col" className="table-th">#</th>
                <th scope="col" className="table-th">Span id</th>
                <th scope="col" className="table-th">Provider request id</th>
                <th scope="col" className="table-th">server.address</th>
                <th scope="col" className="table-th">error.type</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {run.attempts.map((a) => (
                <tr key={a.seq}>
                  <td className="table-td mono">{a.seq + 1}</td>
                  <td className="table-td mono">{a.spanId}</td>
                  <td className="table-td mono [overflow-wrap:anywhere]">
                    {show(a.requestId)}
                    {a.requestId ? <CopyButton text={a.requestId} what={`request id of attempt ${a.seq + 1}`} small /> : null}
                  </td>
                  <td className="table-td mono">{a.serverAddress}</td>
                  <td className="table-td mono">{show(a.errorType)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        ) : null}
      </Section>
    </div>
  );
}
