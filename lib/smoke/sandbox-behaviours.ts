/**
 * The sandbox's behaviour table: what each model name does, and what the
 * official `openai` SDK (maxRetries 0) observes. One table in code: the
 * README's "Sandbox behaviours" table is rendered from it (a unit test fails
 * when the README differs) and tests/integration/sandbox-sdk.test.ts runs the
 * SDK against the sandbox process for every row, so neither can drift.
 *
 * Pure data, safe anywhere.
 */
export type SdkResult = {
  /** The class the SDK raises (constructor name), or null when it returns. */
  raises: string | null;
  /** Streaming rows: chunks the SDK's stream yields before it ends, raises or stalls. */
  chunks?: number;
  /** Streaming rows: the stream stops sending and the caller's own idle timer ends it. */
  stalls?: boolean;
  /** The response's `retry-after` header, as the SDK sees it (null: none). */
  retryAfter: string | null;
  /** A non-empty `x-request-id` reaches the caller. */
  requestId: boolean;
  /** flaky rows: what the next request with the same key gets. */
  thenRaises?: string | null;
};

export type SandboxBehaviour = {
  /** Model name as used in a request (the concrete example the test sends). */
  model: string;
  /** How the name is written in docs when it takes a parameter. */
  pattern?: string;
  stream: boolean;
  does: string;
  sdk: SdkResult;
};

export const DEFAULT_STREAM_CHUNKS = 3;
/** `retry-after` (seconds) sent with every 429 and 503 except retry-after-huge. */
export const SANDBOX_RETRY_AFTER_S = "1";

const ok = (extra: Partial<SdkResult> = {}): SdkResult => ({ raises: null, retryAfter: null, requestId: true, ...extra });
const err = (raises: string, extra: Partial<SdkResult> = {}): SdkResult => ({ raises, retryAfter: null, requestId: true, ...extra });
/** Content chunks + the finish chunk + the usage chunk (stream_options.include_usage). */
const full = (content: number) => content + 2;

export const SANDBOX_BEHAVIOURS: readonly SandboxBehaviour[] = [
  { model: "ok", stream: false, does: "200 `chat.completion`", sdk: ok() },
  { model: "slow-100", pattern: "slow-<ms>", stream: false, does: "200 `chat.completion` after `<ms>` (`slow`: 1 s)", sdk: ok() },
  {
    model: "flaky-429-1",
    pattern: "flaky-429-<n>",
    stream: false,
    does: "per key (`x-sandbox-key` header, else the full model name): 429 to the first `<n>` requests of every `<n>`+1, then 200 (`flaky-429`: n = 1)",
    sdk: err("RateLimitError", { retryAfter: SANDBOX_RETRY_AFTER_S, thenRaises: null }),
  },
  { model: "always-503", stream: false, does: "503 `server_error` on every request", sdk: err("InternalServerError", { retryAfter: SANDBOX_RETRY_AFTER_S }) },
  { model: "always-500", stream: false, does: "500 `server_error` on every request", sdk: err("InternalServerError") },
  { model: "hang", stream: false, does: "no answer for 120 s (the client's timeout decides)", sdk: err("APIConnectionTimeoutError", { requestId: false }) },
  { model: "bad-shape", stream: false, does: "200 JSON that is not a `chat.completion`", sdk: ok() },
  { model: "truncated-json", stream: false, does: "200 with a JSON body cut off mid-way", sdk: err("SyntaxError") },
  { model: "html-502", stream: false, does: "502 with an HTML error page", sdk: err("InternalServerError") },
  { model: "html-200", stream: false, does: "200 with an HTML page (a wrong base URL often looks like this)", sdk: ok() },
  { model: "html-404", stream: false, does: "404 with an HTML page (a wrong path on a web server)", sdk: err("NotFoundError") },
  {
    model: "redirect-301",
    stream: false,
    does: "301 to `chat/completions` itself (a moved base URL whose new address serves the API); a client that follows it sends a GET there (Fetch standard for 301 after POST), answered 405",
    sdk: err("APIError"),
  },
  { model: "retry-after-huge", stream: false, does: "429 with `retry-after: 3600`", sdk: err("RateLimitError", { retryAfter: "3600" }) },
  { model: "reset", stream: false, does: "connection reset before any response", sdk: err("APIConnectionError", { requestId: false }) },
  { model: "echo-auth", stream: false, does: "400 whose message echoes the Authorization header", sdk: err("BadRequestError") },
  { model: "echo-request", stream: false, does: "400 from a proxy quoting the whole request (authorization, user-agent, body)", sdk: err("BadRequestError") },
  { model: "smuggle-credential", stream: false, does: "400 whose request id, error type and code carry the credential with punctuation inserted", sdk: err("BadRequestError") },
  { model: "smuggle-credential-200", stream: false, does: "200 whose `object` is the credential and whose request id carries it", sdk: ok() },
  {
    model: "comet-500-invalid-request",
    stream: false,
    does: "CometAPI-style 500, code `invalid_request`, request id only inside the message (no `x-request-id`: the one response without it)",
    sdk: err("InternalServerError", { requestId: false }),
  },
  { model: "status-400", pattern: "status-<code>", stream: false, does: "replays a status (200–599) with an OpenAI error envelope", sdk: err("BadRequestError") },
  { model: "status-429", pattern: "status-<code>", stream: false, does: "429 `rate_limit_exceeded` with `retry-after`", sdk: err("RateLimitError", { retryAfter: SANDBOX_RETRY_AFTER_S }) },
  { model: "status-503", pattern: "status-<code>", stream: false, does: "503 with `retry-after`", sdk: err("InternalServerError", { retryAfter: SANDBOX_RETRY_AFTER_S }) },
  { model: "no-such-model", pattern: "any other name", stream: false, does: "404 `model_not_found`", sdk: err("NotFoundError") },
  {
    model: "ok",
    stream: true,
    does: `\`text/event-stream\`: ${DEFAULT_STREAM_CHUNKS} content chunks, a finish chunk (\`finish_reason: "stop"\`), a usage chunk when \`stream_options.include_usage\`, \`data: [DONE]\``,
    sdk: ok({ chunks: full(DEFAULT_STREAM_CHUNKS) }),
  },
  { model: "stream-chunks-5-every-10", pattern: "stream-chunks-<n>[-every-<ms>]", stream: true, does: "like `ok`, with `<n>` content chunks `<ms>` apart (default 0)", sdk: ok({ chunks: full(5) }) },
  { model: "stream-error-after-3", pattern: "stream-error-after-<n>", stream: true, does: "200, `<n>` content chunks, then an error event (`data: {\"error\":…}`) and the connection closes", sdk: err("APIError", { chunks: 3 }) },
  { model: "stream-stall-after-1", pattern: "stream-stall-after-<n>", stream: true, does: "200, `<n>` content chunks, then no more bytes (until the client gives up)", sdk: ok({ chunks: 1, stalls: true }) },
  { model: "stream-reset-after-2", pattern: "stream-reset-after-<n>", stream: true, does: "200, `<n>` content chunks, then the connection breaks", sdk: err("TypeError", { chunks: 2 }) },
  { model: "stream-no-done", stream: true, does: "every chunk incl. the finish and usage chunks, then the connection closes without `[DONE]`", sdk: ok({ chunks: full(DEFAULT_STREAM_CHUNKS) }) },
  { model: "stream-bad-chunk", stream: true, does: "1 content chunk, then a `data:` line that is not valid JSON, then `[DONE]`", sdk: err("SyntaxError", { chunks: 1 }) },
  {
    model: "stream-slow-first-token-200",
    pattern: "stream-slow-first-token-<ms>",
    stream: true,
    does: "headers at once, the first chunk after `<ms>`, then like `ok`",
    sdk: ok({ chunks: full(DEFAULT_STREAM_CHUNKS) }),
  },
  { model: "status-429", pattern: "status-<code>", stream: true, does: "error statuses answer JSON, not a stream, with `stream: true` too", sdk: err("RateLimitError", { chunks: 0, retryAfter: SANDBOX_RETRY_AFTER_S }) },
];

const cell = (s: string) => s.replace(/\|/g, "\\|");

function sdkText(s: SdkResult): string {
  const parts: string[] = [];
  if (s.chunks !== undefined) parts.push(`${s.chunks} chunk${s.chunks === 1 ? "" : "s"}`);
  parts.push(s.stalls ? "then stalls (the caller's idle timer ends it)" : s.raises ? `\`${s.raises}\`` : "returns");
  if (s.thenRaises !== undefined) parts.push(`then ${s.thenRaises ? `\`${s.thenRaises}\`` : "returns"}`);
  return parts.join(", ");
}

/** The README's sandbox behaviour table, rendered from SANDBOX_BEHAVIOURS. */
export function sandboxBehaviourTable(): string {
  const head = ["| Model | `stream` | What the sandbox does | `openai` SDK 6 result (maxRetries 0) | `retry-after` | `x-request-id` |", "|---|---|---|---|---|---|"];
  const rows = SANDBOX_BEHAVIOURS.map((b) =>
    [
      "",
      ` ${b.pattern === "any other name" ? `any other name (e.g. \`${b.model}\`)` : `\`${b.pattern ?? b.model}\`${b.pattern ? ` (e.g. \`${b.model}\`)` : ""}`} `,
      ` ${b.stream ? "true" : "false"} `,
      ` ${cell(b.does)} `,
      ` ${cell(sdkText(b.sdk))} `,
      ` ${b.sdk.retryAfter ? `\`${b.sdk.retryAfter}\`` : "—"} `,
      ` ${b.sdk.requestId ? "yes" : "no"} `,
      "",
    ].join("|"),
  );
  return [...head, ...rows].join("\n");
}
