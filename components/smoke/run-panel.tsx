import Link from "next/link";
import type { RunJson } from "@/lib/smoke/schema";
import { AttemptTable } from "@/components/smoke/attempt-table";
import { AttemptClock } from "@/components/smoke/attempt-clock";
import { FallbackBadge, ResultBadge, StatusBadge } from "@/components/smoke/badges";
import { CopyButton } from "@/components/ui/copy-button";
import { Spinner } from "@/components/ui/spinner";
import { attemptOfText } from "@/lib/smoke/live-attempt";

/** One run as it happens: progress, attempts as they land, then the outcome. */
export function RunPanel({ title, run, waitingLabel }: { title: string; run: RunJson | null; waitingLabel: string }) {
  const label = title.toLowerCase().replace(/\s+/g, "-");
  const inFlight = run?.liveAttempt;
  return (
    <section className="card p-4" aria-labelledby={`${label}-title`} data-testid={`panel-${label}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={`${label}-title`} className="text-sm font-semibold">{title}</h3>
        {run ? <ResultBadge result={run.record.operator_result} state={run.state} path={run.path} /> : null}
      </div>
      {!run ? (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">{waitingLabel}</p>
      ) : (
        <>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            <span className="mono">{run.testId}</span>
            <CopyButton text={run.testId} what="test id" small />
            {run.expectation ? <> · expected: {run.expectation}</> : null}
          </p>
          {run.state === "running" ? (
            <div className="mt-3" aria-live="polite">
              <Spinner
                label={
                  inFlight
                    ? `${attemptOfText(inFlight)} — ${run.live ? "receiving the stream…" : "waiting for the answer…"}`
                    : run.live
                      ? `Receiving the stream of attempt ${run.attempts.length + 1}…`
                      : run.attempts.length
                        ? `Attempt ${run.attempts.length} recorded — waiting for the next step…`
                        : "Sending the first attempt…"
                }
              />
              {run.live ? (
                <p className="mt-2 text-sm" data-testid="stream-live">
                  Streaming: <span className="mono">{run.live.tokens}</span> token chunk{run.live.tokens === 1 ? "" : "s"} received
                  {run.live.timeToFirstTokenMs !== null ? <> · first token after <span className="mono">{run.live.timeToFirstTokenMs} ms</span></> : " · waiting for the first token"}
                  <span className="block text-xs text-slate-600 dark:text-slate-400">Counted as they arrive; the text itself is never kept or shown.</span>
                </p>
              ) : null}
            </div>
          ) : null}
          {run.state === "running" && inFlight ? (
            <AttemptClock key={`${inFlight.startedAt}-${inFlight.elapsedMs}`} live={inFlight} streamBegun={!!run.live} />
          ) : null}
          {run.state === "running" ? null : (
            <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
              <div>
                <dt className="text-xs text-slate-600 dark:text-slate-400">Status family</dt>
                <dd className="mt-0.5"><StatusBadge family={run.record.http_status_family} code={run.record.http_status_code} /></dd>
              </div>
              <div>
                <dt className="text-xs text-slate-600 dark:text-slate-400">Client error class</dt>
                <dd className="mono mt-0.5 break-all">{run.record.client_error_class ?? "not recorded"}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-600 dark:text-slate-400">Retries</dt>
                <dd className="mono mt-0.5" data-testid="retry-attempts">{run.record.retry_attempts} of {run.record.retry_ceiling}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-600 dark:text-slate-400">Fallback decision</dt>
                <dd className="mt-0.5"><FallbackBadge decision={run.record.fallback_decision} /></dd>
              </div>
            </dl>
          )}
          {run.state !== "running" && run.record.stream ? (
            <p className="mt-2 text-sm" data-testid="stream-summary">
              Stream: <span className="mono">{run.record.stream_chunks ?? 0}</span> chunks · ended <span className="mono">{run.record.stream_termination ?? "before a stream began"}</span>
              {run.record.time_to_first_token_ms != null ? <> · first token after <span className="mono">{run.record.time_to_first_token_ms} ms</span></> : null}
            </p>
          ) : null}
          {run.fallbackReason ? <p className="mt-2 text-sm">{run.fallbackReason}</p> : null}
          {run.attempts.length > 0 ? (
            <div className="mt-3 border-t border-slate-200 pt-2 dark:border-slate-800">
              <AttemptTable attempts={run.attempts} caption={`${title} attempts`} />
            </div>
          ) : null}
          {run.state !== "running" ? (
            <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
              <span className="min-w-0">
                <span className="text-xs text-slate-600 dark:text-slate-400">trace <span className="mono break-all">{run.record.trace_id_placeholder}</span></span>
                <CopyButton text={run.record.trace_id_placeholder} what="trace id" small />
              </span>
              <Link href={`/records/${run.id}`} className="font-medium text-sky-800 underline underline-offset-2 dark:text-sky-300">
                Open record {run.testId}
              </Link>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
