import "server-only";
import { remember } from "@/lib/shared/registry";
import type { RehearsalJson, RunJson } from "@/lib/smoke/schema";
import type { StreamProgress } from "@/lib/smoke/stream-read";

/**
 * A streaming run's progress while it runs, for the live view: counts and the
 * first-token time by trace id — never the streamed text. One per process
 * (the registry, decision 031); an entry lives only while its run does.
 */
const progress = remember("smoke.streamProgress", () => new Map<string, StreamProgress>());

export function noteStreamProgress(traceId: string, p: StreamProgress) {
  progress.set(traceId, p);
}

export function endStreamProgress(traceId: string) {
  progress.delete(traceId);
}

/** The run with `live` set while it is still running and streaming in this process. */
export function withLiveStream(run: RunJson): RunJson {
  if (run.state !== "running") return run;
  const p = progress.get(run.record.trace_id_placeholder);
  return p ? { ...run, live: { chunks: p.chunks, tokens: p.contentChunks, timeToFirstTokenMs: p.timeToFirstTokenMs } } : run;
}

export function rehearsalWithLiveStream(r: RehearsalJson): RehearsalJson {
  if (r.state !== "running") return r;
  return { ...r, happy: r.happy && withLiveStream(r.happy), error: r.error && withLiveStream(r.error) };
}
