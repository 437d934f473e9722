import type { ContractCheck } from "@/lib/smoke/contract";
import type { StreamFacts } from "@/lib/smoke/stream-read";
import { statusFamily, type StatusFamily } from "@/lib/smoke/schema";

/** What one HTTP attempt produced, before any decision. Bodies are gone by now. */
export type AttemptOutcome = {
  /** `refused`: not sent — the egress policy or the credential allowlist stopped it (decisions 060, 061). */
  kind: "response" | "timeout" | "connection" | "refused";
  statusCode: number | null;
  durationMs: number;
  requestId: string | null;
  /** Parsed Retry-After / retry-after-ms, in ms. */
  retryAfterMs: number | null;
  /** OpenAI's x-should-retry header, when present. */
  shouldRetry: boolean | null;
  contentType: string;
  contract: ContractCheck | null;
  /** Low-level error code for connection failures (ECONNRESET, ECONNREFUSED, …). */
  networkCode: string | null;
  /** The status line of a response whose body never arrived (summary only). */
  partialStatus?: number;
  /** Provider-chosen values not kept because they carried a credential or the request. */
  withheld?: string[];
  /** Why a `refused` attempt was not sent, in the record's words. */
  refusal?: { reason: "egress" | "credential"; note: string };
  /** A streamed answer's facts; `midStreamFailure` once an event had arrived and the stream then ended badly. */
  stream?: Omit<StreamFacts, "error" | "networkCode"> & { midStreamFailure: "error_event" | "idle_timeout" | "connection_closed" | null };
};

export const isSuccess = (o: AttemptOutcome) => o.kind === "response" && o.statusCode !== null && o.statusCode < 300 && o.statusCode >= 200 && o.contract?.contract === "pass";

/** Availability failures may move to fallback; configuration and contract failures never do. */
export function isAvailabilityFailure(o: AttemptOutcome): boolean {
  // A refusal is configuration: never retried, never a reason to fall back.
  if (o.kind === "refused") return false;
  if (o.kind !== "response") return true;
  // NOTE: a stream that broke off after it began is the provider's failure, like a 5xx.
  if (o.stream?.midStreamFailure) return true;
  const s = o.statusCode ?? 0;
  return s === 408 || s === 429 || s >= 500;
}

export { PRODUCT_ERROR_CLASSES, isProductErrorClass } from "@/lib/smoke/constants";

/** The openai SDK's class name where it raises one for this outcome; otherwise a product class (above). */
export function errorClass(o: AttemptOutcome): string {
  if (o.kind === "refused") return o.refusal?.reason === "credential" ? "CredentialNotAllowedError" : "EgressRefusedError";
  if (o.kind === "timeout") return "APIConnectionTimeoutError";
  if (o.kind === "connection") return "APIConnectionError";
  const s = o.statusCode ?? 0;
  // What the openai SDK raises while iterating: APIError for an error event; a
  // stall or a broken connection are its timeout and connection classes.
  if (o.stream?.midStreamFailure === "error_event") return "APIError";
  if (o.stream?.midStreamFailure === "idle_timeout") return "APIConnectionTimeoutError";
  if (o.stream?.midStreamFailure === "connection_closed") return "APIConnectionError";
  if (s >= 200 && s < 300) return o.contract?.contract === "pass" ? "none" : "ResponseContractError";
  if (s >= 300 && s < 400) return "RedirectError";
  const byStatus: Record<number, string> = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
  };
  if (byStatus[s]) return byStatus[s];
  if (s >= 500) return "InternalServerError";
  return "APIError";
}

/** OpenTelemetry `error.type`: the status code, or a low-cardinality failure name. */
export function errorType(o: AttemptOutcome): string | null {
  if (o.kind === "refused") return o.refusal?.reason === "credential" ? "credential_not_allowed" : "egress_refused";
  if (o.kind === "timeout") return "timeout";
  if (o.kind === "connection") return o.networkCode ?? "connection_error";
  if (o.stream?.midStreamFailure) return `stream_${o.stream.midStreamFailure}`;
  if (isSuccess(o)) return null;
  if (o.statusCode && o.statusCode < 300) return "contract_violation";
  return o.statusCode ? String(o.statusCode) : null;
}

export function outcomeFamily(o: AttemptOutcome): StatusFamily {
  return o.kind === "response" ? statusFamily(o.statusCode) : "none";
}

/** Unsanitized one-line description; always passed through sanitizeSummary. */
export function describeOutcome(o: AttemptOutcome, timeoutMs: number): string {
  const text = describe(o, timeoutMs);
  if (!o.withheld?.length || text === "none") return text;
  return `${text} (provider's ${o.withheld.join(", ")} withheld: it carried a credential or request text)`;
}

function describe(o: AttemptOutcome, timeoutMs: number): string {
  if (o.kind === "refused") return o.refusal?.note ?? "request not sent";
  const partial = o.partialStatus ? ` (status line ${o.partialStatus} arrived, the body did not)` : "";
  if (o.kind === "timeout" && o.stream) return `no event within the stream idle timeout after the headers${partial}`;
  if (o.kind === "timeout") return `no complete response within the ${timeoutMs} ms timeout${partial}`;
  if (o.kind === "connection") return `connection failed before a complete response (${o.networkCode ?? "network error"})${partial}`;
  const s = o.statusCode;
  if (isSuccess(o)) return "none";
  const c = o.contract;
  if (o.stream?.midStreamFailure) {
    const e = c?.error;
    const what = e ? `: ${[e.type, e.code].filter(Boolean).join("/") || "error"}: ${e.message ?? "no message"}` : "";
    return `${s} stream failed mid-way — ${c?.reason ?? o.stream.midStreamFailure}${what} (not retried)`;
  }
  if (s && s >= 300 && s < 400) return `${s} redirect instead of a response — the base URL or path is probably wrong`;
  if (c?.error) {
    const parts = [c.error.type, c.error.code].filter(Boolean).join("/");
    return `${s} ${parts ? `${parts}: ` : ""}${c.error.message ?? "no message"}`;
  }
  if (s && s >= 200 && s < 300) return `${s} but ${c?.reason ?? "the response-shape assertion failed"} (object family ${c?.objectFamily ?? "unknown"})`;
  return `${s} with a ${c?.objectFamily ?? "non-JSON"} body${c?.objectFamily === "html" ? " (text/html error page)" : ""}`;
}
