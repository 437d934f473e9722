import { randomBytes } from "node:crypto";
import { remember } from "@/lib/shared/registry";
import { DEFAULT_STREAM_CHUNKS } from "@/lib/smoke/sandbox-behaviours";

/**
 * The embedded sandbox provider: an OpenAI-compatible chat-completions
 * endpoint whose behaviour is chosen by the `model` field, so rehearsals work
 * with no credentials and no internet. Served at /api/sandbox/v1 by the app
 * and standalone by `npm run sandbox` (scripts/sandbox.ts).
 *
 * It never logs or stores what it receives.
 */
export const SANDBOX_SCENARIOS = [
  { model: "ok", description: "200 chat.completion" },
  { model: "slow", description: "200 chat.completion after 1 s (slow-<ms> for another delay)" },
  { model: "flaky-429", description: "429 to the first of every 2 requests per x-sandbox-key header (else per model name), then 200 (flaky-429-<n>: n of every n+1)" },
  { model: "always-503", description: "503 service unavailable on every attempt" },
  { model: "always-500", description: "500 internal error on every attempt" },
  { model: "hang", description: "never answers (the client's timeout decides)" },
  { model: "bad-shape", description: "200 JSON that is not a chat.completion" },
  { model: "truncated-json", description: "200 with a JSON body cut off mid-way" },
  { model: "html-502", description: "502 with an HTML error page" },
  { model: "html-200", description: "200 with an HTML page (a wrong base URL often looks like this)" },
  { model: "html-404", description: "404 with an HTML page (a wrong path on a web server)" },
  { model: "redirect-301", description: "301 to another path" },
  { model: "retry-after-huge", description: "429 with Retry-After: 3600" },
  { model: "reset", description: "connection reset before any response" },
  { model: "echo-auth", description: "400 whose message echoes the Authorization header back" },
  { model: "echo-request", description: "400 from a proxy that echoes the request back: authorization=… body={\"model\":…,\"messages\":[…]}" },
  { model: "smuggle-credential", description: "400 whose request id, error type and code carry the caller's credential with punctuation inserted" },
  { model: "smuggle-credential-200", description: "200 whose object field is the caller's credential and whose request id carries it with punctuation inserted" },
  { model: "comet-500-invalid-request", description: "CometAPI-style 500 with code invalid_request and the request id in the message" },
  { model: "status-<code>", description: "replays an HTTP status, e.g. status-503 (used by the replay_status scenario)" },
  { model: "stream-chunks-<n>", description: "with stream: true, n content chunks (stream-chunks-<n>-every-<ms> spaces them)" },
  { model: "stream-error-after-<n>", description: "with stream: true, an error event after n chunks" },
  { model: "stream-stall-after-<n>", description: "with stream: true, no more bytes after n chunks" },
  { model: "stream-reset-after-<n>", description: "with stream: true, the connection breaks after n chunks" },
  { model: "stream-no-done", description: "with stream: true, the connection closes without data: [DONE]" },
  { model: "stream-bad-chunk", description: "with stream: true, a chunk that is not valid JSON" },
  { model: "stream-slow-first-token-<ms>", description: "with stream: true, the first chunk after <ms>" },
] as const;

/** Models that exist; anything else is a 404 model_not_found. */
const STATIC_MODELS: readonly string[] = SANDBOX_SCENARIOS.map((s) => s.model).filter((m) => !m.includes("<"));

// flaky-429 state: requests seen per caller key (bounded; oldest evicted).
const flakySeen = remember("sandbox.flakySeen", () => new Map<string, number>());
function countAttempt(key: string): number {
  const n = (flakySeen.get(key) ?? 0) + 1;
  flakySeen.delete(key);
  flakySeen.set(key, n);
  if (flakySeen.size > 2000) flakySeen.delete(flakySeen.keys().next().value as string);
  return n;
}

export const RESET_HEADER = "x-sandbox-action";
/** A caller-chosen key for flaky-429's counter (else the full model name). */
export const SANDBOX_KEY_HEADER = "x-sandbox-key";
/** Text of every streamed content chunk: never stored (a canary in the no-secrets tests). */
export const SANDBOX_STREAM_CANARY = "sandbox-streamed-canary";

function requestId() {
  return `req_sbx_${randomBytes(8).toString("hex")}`;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "x-request-id": headers["x-request-id"] ?? requestId(), ...headers },
  });
}

function openAiError(status: number, message: string, type: string, code: string | null, headers: Record<string, string> = {}) {
  return json(status, { error: { message, type, param: null, code } }, headers);
}

function completion(model: string) {
  return {
    id: `chatcmpl-${randomBytes(6).toString("hex")}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 },
  };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    // NOTE: the listener goes when the wait ends: a stream sleeps once per chunk on one signal.
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });

function statusText(code: number) {
  const map: Record<number, [string, string | null]> = {
    400: ["invalid_request_error", "bad_request"],
    401: ["invalid_request_error", "invalid_api_key"],
    403: ["invalid_request_error", "permission_denied"],
    404: ["invalid_request_error", "not_found"],
    408: ["server_error", "timeout"],
    409: ["invalid_request_error", "conflict"],
    422: ["invalid_request_error", "unprocessable"],
    429: ["rate_limit_error", "rate_limit_exceeded"],
  };
  return map[code] ?? ["server_error", null];
}

/** Model ids listed by GET /models (parameterised ones with an example value). */
const LISTED_MODELS = [
  ...STATIC_MODELS,
  "slow-1000",
  "flaky-429-2",
  "status-503",
  "stream-chunks-50-every-5",
  "stream-error-after-3",
  "stream-stall-after-1",
  "stream-slow-first-token-2000",
];
const MODELS_CREATED = 1_764_547_200; // 2025-12-01, fixed so the list is stable

/**
 * Handles one request under /api/sandbox/v1; `path` is what follows v1.
 * Every response carries a non-empty `x-request-id` except the CometAPI
 * imitation, which puts it in the message only; 2xx chat completions carry
 * OpenAI's `x-ratelimit-*` headers.
 */
export async function handleSandbox(req: Request, path: string): Promise<Response> {
  const res = await answer(req, path);
  const id = res.headers.get("x-request-id");
  if (id === "") res.headers.delete("x-request-id");
  else if (id === null) res.headers.set("x-request-id", requestId());
  if (res.status >= 200 && res.status < 300 && path.replace(/^\/+/, "") === "chat/completions") {
    for (const [k, v] of Object.entries(RATE_LIMIT_HEADERS)) res.headers.set(k, v);
  }
  return res;
}

const RATE_LIMIT_HEADERS = {
  "x-ratelimit-limit-requests": "10000",
  "x-ratelimit-remaining-requests": "9999",
  "x-ratelimit-reset-requests": "6ms",
  "x-ratelimit-limit-tokens": "2000000",
  "x-ratelimit-remaining-tokens": "1999990",
  "x-ratelimit-reset-tokens": "0s",
};

async function answer(req: Request, path: string): Promise<Response> {
  const route = `/${path.replace(/^\/+/, "")}`;
  if (req.method === "GET" && route === "/models") {
    if (!bearer(req)) return missingKey();
    return json(200, { object: "list", data: LISTED_MODELS.map((id) => ({ id, object: "model", created: MODELS_CREATED, owned_by: "evidence-packet-sandbox" })) });
  }
  if (route !== "/chat/completions") {
    return openAiError(404, `Unknown path ${route.slice(0, 60)}. The sandbox serves POST /chat/completions and GET /models.`, "invalid_request_error", "unknown_url");
  }
  if (req.method !== "POST") return openAiError(405, "Use POST.", "invalid_request_error", "method_not_allowed");
  const auth = bearer(req);
  if (!auth) return missingKey();

  let body: { model?: unknown; messages?: unknown; stream?: unknown; stream_options?: { include_usage?: unknown } | null };
  const raw = await req.text();
  try {
    body = JSON.parse(raw) as typeof body;
  } catch {
    return openAiError(400, "We could not parse the JSON body of your request.", "invalid_request_error", null);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return openAiError(400, "The request body must be a JSON object.", "invalid_request_error", null);
  }
  const model = typeof body.model === "string" ? body.model : "";
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return openAiError(400, "'messages' is a required property.", "invalid_request_error", null);
  }
  if (body.stream === true) {
    const streamed = streamPlan(model);
    if (streamed) return sse(model, streamed, body.stream_options?.include_usage === true, req.signal);
  }

  const slow = /^slow(?:-(\d{1,5}))?$/.exec(model);
  if (slow) {
    await sleep(Number(slow[1] ?? 1000), req.signal);
    return json(200, completion(model));
  }
  const flaky = /^flaky-429(?:-(\d))?$/.exec(model);
  if (flaky) {
    // NOTE: per caller-controlled key, not per traceparent (SDKs send none);
    // the first n of every n+1 requests on a key are refused.
    const failures = Number(flaky[1] ?? 1);
    const key = req.headers.get(SANDBOX_KEY_HEADER)?.slice(0, 200) || model;
    return (countAttempt(`${key}\u0000${model}`) - 1) % (failures + 1) < failures
      ? openAiError(429, "Rate limit reached for requests. Please try again shortly.", "rate_limit_error", "rate_limit_exceeded", RETRY_HEADERS)
      : json(200, completion(model));
  }
  const status = /^status-(\d{3})$/.exec(model);
  if (status) {
    const code = Number(status[1]);
    if (code < 200 || code > 599) return openAiError(400, "status-<code> needs a code between 200 and 599.", "invalid_request_error", null);
    // Statuses that cannot carry a body get none.
    if (code === 204 || code === 205 || code === 304) return new Response(null, { status: code, headers: { "x-request-id": requestId() } });
    if (code < 300) return json(code, completion(model));
    const [type, errCode] = statusText(code);
    return openAiError(code, `Replayed status ${code} from the sandbox.`, type, errCode, code === 429 || code === 503 ? RETRY_HEADERS : {});
  }

  switch (model) {
    case "ok":
      return json(200, completion(model));
    case "always-503":
      return openAiError(503, "The server is overloaded or not ready yet.", "server_error", "service_unavailable", RETRY_HEADERS);
    case "always-500":
      return openAiError(500, "The server had an error while processing your request.", "server_error", null);
    case "hang":
      await sleep(120_000, req.signal);
      return openAiError(504, "Gateway timeout.", "server_error", null);
    case "bad-shape":
      return json(200, { status: "ok", result: { text: "ok" } });
    case "truncated-json":
      return new Response('{"id":"chatcmpl-trunc","object":"chat.completion","choices":[{"index":0,"message":{"role":"assist', {
        status: 200,
        headers: { "content-type": "application/json", "x-request-id": requestId() },
      });
    case "html-502":
      return new Response("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>", {
        status: 502,
        headers: { "content-type": "text/html", "x-request-id": requestId() },
      });
    case "html-200":
      return new Response("<!doctype html><html><body><h1>API documentation</h1></body></html>", { status: 200, headers: { "content-type": "text/html" } });
    case "html-404":
      return new Response("<!doctype html><html><body><h1>404 Not Found</h1></body></html>", { status: 404, headers: { "content-type": "text/html" } });
    case "redirect-301":
      // NOTE: relative, so it resolves to this same chat/completions under /v1 and /api/sandbox/v1 alike.
      return new Response(null, { status: 301, headers: { location: "completions", "x-request-id": requestId() } });
    case "retry-after-huge":
      return openAiError(429, "Rate limit reached. Try again in an hour.", "rate_limit_error", "rate_limit_exceeded", { "retry-after": "3600" });
    case "reset":
      return new Response(null, { status: 599, headers: { [RESET_HEADER]: "reset" } });
    case "echo-auth":
      return openAiError(400, `Invalid request: header Authorization: ${req.headers.get("authorization")} is not accepted for this model.`, "invalid_request_error", null);
    case "echo-request":
      // What a misconfigured proxy does: quote the whole request in its error.
      return openAiError(400, `upstream rejected request: authorization=${req.headers.get("authorization")} user-agent=${req.headers.get("user-agent")} body=${raw}`, "proxy_error", "upstream_rejected");
    case "smuggle-credential": {
      const mangled = mangle(auth);
      return openAiError(400, "Rejected.", mangled, mangled, { "x-request-id": mangled });
    }
    case "smuggle-credential-200":
      return json(200, { ...completion(model), object: auth }, { "x-request-id": mangle(auth) });
    case "comet-500-invalid-request": {
      const id = `2026${randomBytes(10).toString("hex")}`;
      return json(500, { error: { message: `invalid request: model parameter malformed (request id: ${id})`, type: "comet_api_error", param: "", code: "invalid_request" } }, { "x-request-id": "" });
    }
    default:
      if (!STATIC_MODELS.includes(model)) {
        return openAiError(404, `The model \`${model.slice(0, 80)}\` does not exist or you do not have access to it.`, "invalid_request_error", "model_not_found");
      }
      return json(200, completion(model));
  }
}

/** Retry-After as OpenAI sends it on 429 and 503: seconds, and milliseconds beside it. */
const RETRY_HEADERS = { "retry-after": "1", "retry-after-ms": "50" };

type StreamPlan = { content: number; everyMs: number; firstDelayMs: number; errorAfter?: number; stallAfter?: number; resetAfter?: number; noDone?: boolean; badChunk?: boolean };

/** The streaming behaviour a model name asks for, or null to answer as without stream. */
function streamPlan(model: string): StreamPlan | null {
  const base: StreamPlan = { content: DEFAULT_STREAM_CHUNKS, everyMs: 0, firstDelayMs: 0 };
  if (model === "ok") return base;
  let m = /^stream-chunks-(\d{1,4})(?:-every-(\d{1,5}))?$/.exec(model);
  if (m) return { ...base, content: Math.min(Number(m[1]), 5000), everyMs: Number(m[2] ?? 0) };
  if ((m = /^stream-error-after-(\d{1,4})$/.exec(model))) return { ...base, errorAfter: Number(m[1]) };
  if ((m = /^stream-stall-after-(\d{1,4})$/.exec(model))) return { ...base, stallAfter: Number(m[1]) };
  if ((m = /^stream-reset-after-(\d{1,4})$/.exec(model))) return { ...base, resetAfter: Number(m[1]) };
  if ((m = /^stream-slow-first-token-(\d{1,6})$/.exec(model))) return { ...base, firstDelayMs: Number(m[1]) };
  if (model === "stream-no-done") return { ...base, noDone: true };
  if (model === "stream-bad-chunk") return { ...base, badChunk: true };
  return null;
}

/**
 * A `text/event-stream` answer shaped like OpenAI's: content chunks (the
 * first with the role), a finish chunk, a usage chunk when asked for, then
 * `data: [DONE]` — or the fault the plan names.
 */
function sse(model: string, plan: StreamPlan, includeUsage: boolean, signal: AbortSignal): Response {
  const id = `chatcmpl-${randomBytes(6).toString("hex")}`;
  const created = Math.floor(Date.now() / 1000);
  const enc = new TextEncoder();
  const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
    id,
    object: "chat.completion.chunk",
    created,
    model,
    system_fingerprint: null,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(includeUsage ? { usage: null } : {}),
  });
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (data: unknown) => {
        if (!cancelled) controller.enqueue(enc.encode(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`));
      };
      const stop = () => cancelled || signal.aborted;
      try {
        if (plan.firstDelayMs) await sleep(plan.firstDelayMs, signal);
        const n = plan.errorAfter ?? plan.stallAfter ?? plan.resetAfter ?? (plan.badChunk ? 1 : plan.content);
        for (let i = 0; i < n && !stop(); i++) {
          if (i > 0 && plan.everyMs) await sleep(plan.everyMs, signal);
          send(chunk(i === 0 ? { role: "assistant", content: `${SANDBOX_STREAM_CANARY}-${i}` } : { content: ` ${SANDBOX_STREAM_CANARY}-${i}` }, null));
        }
        if (plan.resetAfter !== undefined) {
          // NOTE: the servers break the connection when the body stream errors (sandbox-server.ts, the app's route);
          // error() drops what is still queued, so the chunks are given time to leave first.
          await sleep(50, signal);
          if (!cancelled) controller.error(new Error("sandbox: connection reset mid-stream"));
          return;
        }
        if (plan.errorAfter !== undefined) {
          send({ error: { message: "The server had an error while processing your request.", type: "server_error", param: null, code: null } });
        } else if (plan.stallAfter !== undefined) {
          // No more bytes until the client gives up.
          await sleep(120_000, signal);
        } else {
          if (plan.badChunk) send(`{"id":"${id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"tru`);
          else {
            send(chunk({}, "stop"));
            if (includeUsage) send({ id, object: "chat.completion.chunk", created, model, system_fingerprint: null, choices: [], usage: { prompt_tokens: 9, completion_tokens: plan.content, total_tokens: 9 + plan.content } });
          }
          if (!plan.noDone) send("[DONE]");
        }
        if (!cancelled) controller.close();
      } catch {
        // the client went away
      }
    },
    cancel() {
      cancelled = true;
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-request-id": requestId() } });
}

/** The credential with a `!` after every sixth character: the same secret, past a naive check. */
function mangle(value: string): string {
  return value.replace(/(.{6})/g, "$1!");
}

function bearer(req: Request): string | null {
  const h = req.headers.get("authorization") ?? "";
  const m = /^Bearer\s+(\S+)$/i.exec(h.trim());
  return m ? m[1] : null;
}

function missingKey() {
  return openAiError(
    401,
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth.",
    "invalid_request_error",
    "missing_api_key",
  );
}
