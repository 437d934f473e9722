import "server-only";
import { remember } from "@/lib/shared/registry";
import type { AttemptStart } from "@/lib/smoke/runner";
import type { RehearsalJson, RunJson } from "@/lib/smoke/schema";
import type { StreamProgress } from "@/lib/smoke/stream-read";

/**
 * A running run's progress, for the live view, by trace id: the attempt in
 * flight (number, ceiling, start, timeouts) and a streaming attempt's counts
 * and first-token time — never the streamed text. One per process (the
 * registry, decision 031); an entry lives only while its run does.
 */
const progress = remember("smoke.streamProgress", () => new Map<string, StreamProgress>());
const inFlight = remember("smoke.attemptInFlight", () => new Map<string, AttemptStart>());

export function noteStreamProgress(traceId: string, p: StreamProgress) {
  progress.set(traceId, p);
}

/** A new attempt is being sent: its clock starts, the previous attempt's stream counts go. */
export function noteAttemptStart(traceId: string, a: AttemptStart) {
  inFlight.set(traceId, a);
  progress.delete(traceId);
}

/** The attempt has an outcome: nothing is in flight until the next one is sent (a backoff wait, the record). */
export function noteAttemptEnd(traceId: string) {
  inFlight.delete(traceId);
}

export function endStreamProgress(traceId: string) {
  progress.delete(traceId);
  inFlight.delete(traceId);
}

/** The run with `live` and `liveAttempt` set while it is still running in this process. */
export function withLiveStream(run: RunJson, now = Date.now()): RunJson {
  if (run.state !== "running") return run;
  const trace = run.record.trace_id_placeholder;
  const p = progress.get(trace);
  const a = inFlight.get(trace);
  if (!p && !a) return run;
  return {
    ...run,
    ...(p ? { live: { chunks: p.chunks, tokens: p.contentChunks, timeToFirstTokenMs: p.timeToFirstTokenMs } } : {}),
    ...(a
      ? {
          liveAttempt: {
            leg: a.leg,
            attempt: a.attempt,
            ceiling: a.ceiling,
            startedAt: a.startedAt.toISOString(),
            elapsedMs: Math.max(0, now - a.startedAt.getTime()),
            timeoutMs: a.timeoutMs,
            stream: a.idleTimeoutMs !== null,
            idleTimeoutMs: a.idleTimeoutMs,
          },
        }
      : {}),
  };
}

export function rehearsalWithLiveStream(r: RehearsalJson): RehearsalJson {
  if (r.state !== "running") return r;
  return { ...r, happy: r.happy && withLiveStream(r.happy), error: r.error && withLiveStream(r.error) };
}
