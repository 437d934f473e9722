import { randomBytes } from "node:crypto";
import { fetch as undiciFetch } from "undici";
import { egressPreflight, type EgressContext } from "@/lib/smoke/egress-fetch";
import { checkContract, type ContractCheck } from "@/lib/smoke/contract";
import { readEventStream, type StreamProgress } from "@/lib/smoke/stream-read";
import { parseRetryAfter } from "@/lib/smoke/backoff";
import type { AttemptOutcome } from "@/lib/smoke/outcome";
import type { ProviderProfile } from "@/lib/smoke/profiles";
import { echoIndex, safeProviderValue, stripRequestEcho, type SentRequest } from "@/lib/smoke/sanitize";
import { readUpTo } from "@/lib/shared/bounded-body";
import { knownSecrets, noteRequestText } from "@/lib/shared/sensitive-values";
import { APP_VERSION } from "@/lib/version";

/** The safe prompt, referenced by id in every record; never stored with a run. */
export { SAFE_PROMPT_ID } from "@/lib/smoke/prompt";
/** The prompt's text: sent, never kept (a canary in the no-secrets tests). */
export const SAFE_PROMPT_TEXT = "Reply with the single word: ok";
const SAFE_PROMPT = [{ role: "user", content: SAFE_PROMPT_TEXT }];
noteRequestText(SAFE_PROMPT_TEXT);
const MAX_BODY_BYTES = 1_000_000;
export const USER_AGENT = `EvidencePacket-SmokeTest/${APP_VERSION} (synthetic request-boundary check)`;

export type AttemptRequest = {
  baseUrl: string;
  model: string;
  maxTokens: number;
  credential: string | undefined;
  timeoutMs: number;
  traceId: string;
  profile: ProviderProfile;
  /** Aborts the attempt early (e.g. server shutdown). */
  signal?: AbortSignal;
  /** Every credential value in play; no provider-chosen value that carries one is kept. */
  knownSecrets?: string[];
  /** Where this attempt may go (checked before sending and again at connect). */
  egress: EgressContext;
  /** Send `stream: true` and read the event stream; no bytes for `idleTimeoutMs` ends it (docs/decisions/110). */
  stream?: { idleTimeoutMs: number; onProgress?: (p: StreamProgress) => void } | null;
};

export const newTraceId = () => randomBytes(16).toString("hex");
export const newSpanId = () => randomBytes(8).toString("hex");

/**
 * One HTTP attempt at the request boundary: plain fetch (no SDK retries, so
 * every attempt is ours to count), W3C traceparent, a per-attempt timeout
 * covering headers and body. The body is read, classified and dropped;
 * what is kept of it (the error envelope, the request id, the object family)
 * is vetted against what was sent before it leaves this function.
 */
export async function httpAttempt(req: AttemptRequest, spanId: string): Promise<AttemptOutcome> {
  const started = performance.now();
  // NOTE: our own timer, not AbortSignal.any([outer, AbortSignal.timeout()]):
  // Node 20 holds the timeout source only weakly and after a GC the attempt
  // never timed out (nodejs/node#57736; tests/unit/http-attempt-abort.test.ts).
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException("The attempt timed out.", "TimeoutError")), req.timeoutMs);
  const onOuterAbort = () => controller.abort(req.signal?.reason);
  if (req.signal?.aborted) onOuterAbort();
  else req.signal?.addEventListener("abort", onOuterAbort, { once: true });
  try {
    // NOTE: for a stream, timeoutMs covers the headers; the idle timeout covers the body.
    return await attempt(req, spanId, controller.signal, started, () => clearTimeout(timer));
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener("abort", onOuterAbort);
  }
}

async function attempt(req: AttemptRequest, spanId: string, signal: AbortSignal, started: number, headersArrived: () => void): Promise<AttemptOutcome> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: req.stream ? "text/event-stream, application/json" : "application/json",
    "user-agent": USER_AGENT,
    traceparent: `00-${req.traceId}-${spanId}-01`,
  };
  const body = probeRequestBody(req.model, req.profile.maxTokensField, req.maxTokens, !!req.stream);
  const sent: SentRequest = {
    body,
    prompts: [SAFE_PROMPT_TEXT],
    // NOTE: the credential is replaced, not cut at, so a summary can say one was echoed.
    headerValues: [headers["user-agent"], headers.traceparent],
    // Every credential this process has read, besides the ones the run names.
    secrets: [...(req.knownSecrets ?? []), ...knownSecrets(), ...(req.credential ? [req.credential] : [])],
  };
  if (req.credential) headers.authorization = `Bearer ${req.credential}`;
  const elapsed = () => Math.round(performance.now() - started);
  // NOTE: undici's own fetch, so the Agent that checks each connection's address is the one it uses.
  const route = await egressPreflight(req.baseUrl, req.egress);
  if (!route.ok) return refused("egress", route.note, elapsed());
  let res: Response;
  try {
    res = (await undiciFetch(`${req.baseUrl}/chat/completions`, { method: "POST", headers, body, signal, redirect: "manual", dispatcher: route.dispatcher })) as unknown as Response;
  } catch (err) {
    const cause = (err as { cause?: { code?: string; note?: string } }).cause;
    if (cause?.code === "EGRESS_REFUSED" && cause.note) return refused("egress", cause.note, elapsed());
    return failure(err, elapsed());
  }
  const timeToFirstByteMs = elapsed();
  const base = {
    statusCode: res.status,
    retryAfterMs: parseRetryAfter(res.headers),
    shouldRetry: parseShouldRetry(res.headers.get("x-should-retry")),
    contentType: res.headers.get("content-type") ?? "",
  };
  if (req.stream && res.status >= 200 && res.status < 300 && /^text\/event-stream/i.test(base.contentType)) {
    headersArrived();
    return streamed(req, res, base, sent, elapsed, timeToFirstByteMs);
  }
  let text: string;
  try {
    text = (await readUpTo(res.body, MAX_BODY_BYTES)).bytes.toString("utf8");
  } catch (err) {
    // The headers arrived but the body did not: no complete response was
    // observed, so the attempt is a timeout or connection failure (the
    // status line is kept only in the summary, never as the status).
    const f = failure(err, elapsed());
    const withheld: string[] = [];
    return { ...f, requestId: vet(req.profile.requestId(res.headers), "request id", sent, withheld), partialStatus: res.status, withheld };
  }
  const raw = res.status >= 300 && res.status < 400 ? null : checkContract(base.contentType, text);
  const withheld: string[] = [];
  // NOTE: the request id is read before the message is cut (CometAPI puts it inside).
  const requestId = vet(req.profile.requestId(res.headers, raw?.error?.message), "request id", sent, withheld);
  const contract = raw && vetContract(raw, sent, withheld);
  return {
    kind: "response",
    ...base,
    durationMs: elapsed(),
    requestId,
    contract,
    networkCode: null,
    withheld,
  };
}

/**
 * A 2xx event stream, read to its end. No event before the idle timeout or
 * the connection's end: a timeout or connection failure like any other (the
 * run may retry it). Once an event has arrived, a stream that ends badly is a
 * mid-stream failure, never retried (docs/decisions/110).
 */
async function streamed(
  req: AttemptRequest,
  res: Response,
  base: { statusCode: number; retryAfterMs: number | null; shouldRetry: boolean | null; contentType: string },
  sent: SentRequest,
  elapsed: () => number,
  timeToFirstByteMs: number,
): Promise<AttemptOutcome> {
  const facts = await readEventStream(res.body, { idleTimeoutMs: req.stream!.idleTimeoutMs, elapsed, timeToFirstByteMs, onProgress: req.stream!.onProgress });
  const withheld: string[] = [];
  const requestId = vet(req.profile.requestId(res.headers), "request id", sent, withheld);
  const { error, networkCode, ...stream } = facts;
  const noEvent = facts.chunks === 0 && (facts.termination === "idle_timeout" || facts.termination === "connection_closed");
  if (noEvent) {
    return {
      kind: facts.termination === "idle_timeout" ? "timeout" : "connection",
      statusCode: null,
      durationMs: elapsed(),
      requestId,
      retryAfterMs: null,
      shouldRetry: null,
      contentType: base.contentType,
      contract: null,
      networkCode: facts.termination === "idle_timeout" ? null : (networkCode ?? "stream_closed"),
      partialStatus: base.statusCode,
      withheld,
      stream: { ...stream, midStreamFailure: null },
    };
  }
  const midStreamFailure = facts.termination === "error_event" || facts.termination === "idle_timeout" || facts.termination === "connection_closed" ? facts.termination : null;
  const contract = vetContract(
    {
      objectFamily: "chat.completion.chunk",
      contract: midStreamFailure ? "fail" : facts.contract,
      reason: midStreamFailure ? `the stream ended by ${facts.termination.replace(/_/g, " ")} after ${facts.chunks} chunk${facts.chunks === 1 ? "" : "s"}` : facts.contractReason,
      error,
    },
    sent,
    withheld,
  );
  return { kind: "response", ...base, durationMs: elapsed(), requestId, contract, networkCode: networkCode ?? null, withheld, stream: { ...stream, midStreamFailure } };
}

/**
 * A provider-chosen value kept as-is only when neither it nor its normalised
 * form carries a credential, the prompt or any other echo of the request.
 */
function vet(value: string | null | undefined, name: string, sent: SentRequest, withheld: string[], max = 100): string | null {
  if (!value) return null;
  let safe = safeProviderValue(value, [...sent.secrets, ...sent.prompts], max);
  if (safe !== null && echoIndex(value.normalize("NFKC"), sent) !== -1) safe = null;
  if (safe === null) withheld.push(name);
  return safe;
}

/** The contract check with the provider's words made safe to keep. */
function vetContract(c: ContractCheck, sent: SentRequest, withheld: string[]): ContractCheck {
  let objectFamily = c.objectFamily;
  if (vet(objectFamily, "object family", sent, withheld, 40) !== objectFamily) objectFamily = "other";
  if (!c.error) return { ...c, objectFamily };
  const { message, type, code } = c.error;
  return {
    ...c,
    objectFamily,
    error: {
      message: message === undefined ? undefined : stripRequestEcho(message, sent),
      type: vet(type, "error type", sent, withheld, 64) ?? undefined,
      code: vet(code, "error code", sent, withheld, 64) ?? undefined,
    },
  };
}

/** The exact request body of one probe (also the canary the no-secrets tests look for). */
export function probeRequestBody(model: string, maxTokensField: ProviderProfile["maxTokensField"], maxTokens: number, stream = false): string {
  if (!stream) return JSON.stringify({ model, messages: SAFE_PROMPT, [maxTokensField]: maxTokens, stream: false });
  return JSON.stringify({ model, messages: SAFE_PROMPT, [maxTokensField]: maxTokens, stream: true, stream_options: { include_usage: true } });
}

function parseShouldRetry(v: string | null): boolean | null {
  if (v === "true") return true;
  if (v === "false") return false;
  return null;
}

/** An attempt the product did not send, and why (the egress policy, a credential variable not allowed). */
export function refused(reason: "egress" | "credential", note: string, durationMs = 0): AttemptOutcome {
  return {
    kind: "refused",
    statusCode: null,
    durationMs,
    requestId: null,
    retryAfterMs: null,
    shouldRetry: null,
    contentType: "",
    contract: null,
    networkCode: null,
    refusal: { reason, note },
  };
}

function failure(err: unknown, durationMs: number): AttemptOutcome {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  const timedOut = e?.name === "TimeoutError" || e?.cause?.name === "TimeoutError" || e?.cause?.code === "UND_ERR_HEADERS_TIMEOUT";
  const code = e?.cause?.code ?? e?.code ?? null;
  return {
    kind: timedOut ? "timeout" : "connection",
    statusCode: null,
    durationMs,
    requestId: null,
    retryAfterMs: null,
    shouldRetry: null,
    contentType: "",
    contract: null,
    networkCode: timedOut ? null : typeof code === "string" && /^[A-Z0-9_]{2,40}$/.test(code) ? code : e?.name === "AbortError" ? "aborted" : "network_error",
  };
}
