import type { LiveAttempt } from "@/lib/smoke/schema";

/**
 * The live view's words for the attempt in flight: which attempt of how many
 * the policy allows, and the time left before its timeout. Pure, so the
 * wording is tested without a clock (tests/unit/live-attempt.test.ts).
 */

/** Whole seconds as "10 s", others to a tenth: "2.5 s". */
export function seconds(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  return Number.isInteger(s) ? `${s} s` : `${s.toFixed(1)} s`;
}

/** "Attempt 2 of at most 3" — at most the retry ceiling plus the first attempt, per leg. */
export function attemptOfText(a: Pick<LiveAttempt, "leg" | "attempt" | "ceiling">): string {
  const of = `attempt ${a.attempt} of at most ${a.ceiling + 1}`;
  return a.leg === "fallback" ? `Fallback leg: ${of}` : `${of[0].toUpperCase()}${of.slice(1)}`;
}

/** Milliseconds left before the attempt's timeout, `sinceMs` after the server measured `elapsedMs`. */
export function msLeft(a: Pick<LiveAttempt, "elapsedMs" | "timeoutMs">, sinceMs: number): number {
  return Math.max(0, a.timeoutMs - a.elapsedMs - Math.max(0, sinceMs));
}

/**
 * The countdown line. For a stream the timeout covers the wait for the
 * response headers; once the stream has begun, the idle timeout ends it
 * (docs/decisions/110), so the line says that instead of counting down.
 */
export function timeLeftText(a: Pick<LiveAttempt, "elapsedMs" | "timeoutMs" | "stream" | "idleTimeoutMs">, sinceMs: number, streamBegun = false): string {
  const idle = a.idleTimeoutMs ?? 0;
  if (a.stream && streamBegun) return `Stream open: it ends after ${seconds(idle)} without a byte (the idle timeout); the ${seconds(a.timeoutMs)} timeout covered the wait for the response headers.`;
  const left = msLeft(a, sinceMs);
  const scope = a.stream ? ` (it covers the wait for the response headers; then ${seconds(idle)} without a byte ends the stream)` : "";
  if (left === 0) return `The ${seconds(a.timeoutMs)} timeout has passed${scope}; recording the outcome…`;
  return `${seconds(Math.ceil(left / 100) * 100)} left before the ${seconds(a.timeoutMs)} timeout${scope}`;
}
