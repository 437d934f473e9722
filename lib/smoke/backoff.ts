import { ExponentialBackoff, type IBackoff } from "cockatiel";

/**
 * Exponential backoff with decorrelated jitter (cockatiel's default
 * generator, after Polly and the AWS backoff study), bounded by the target's
 * base and max. NOTE: Polly's v2 generator can return far less than its
 * initial delay (seen: 66 ms for a 400 ms base); a target's base is the least
 * a retry waits, as in the AWS formula (between base and 3 × the last wait).
 */
export function backoffSchedule(baseMs: number, maxMs: number): () => number {
  if (baseMs <= 0 || maxMs <= 0) return () => 0;
  let state: IBackoff<unknown> | undefined;
  const factory = new ExponentialBackoff({ initialDelay: baseMs, maxDelay: maxMs });
  return () => {
    state = (state ?? factory).next(undefined);
    return Math.min(maxMs, Math.max(baseMs, Math.round(state.duration)));
  };
}

/** Retry-After (seconds or HTTP date) and retry-after-ms, in milliseconds. */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | null {
  const ms = headers.get("retry-after-ms");
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  const ra = headers.get("retry-after");
  if (!ra) return null;
  if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.round(Number(ra) * 1000);
  const at = Date.parse(ra);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
