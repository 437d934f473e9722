import { randomUUID } from "node:crypto";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_STREAM_CHUNKS, SANDBOX_BEHAVIOURS, type SandboxBehaviour } from "@/lib/smoke/sandbox-behaviours";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";

/**
 * The official openai SDK (6.x, maxRetries 0) against the sandbox provider
 * process, for every row of the behaviour table the README renders
 * (lib/smoke/sandbox-behaviours.ts): what it raises, how many stream chunks
 * it yields, the request id and retry-after it exposes. A real SDK and a
 * real provider process — nothing of ours in between.
 */
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;

beforeAll(async () => {
  sandbox = await startSandboxProcess();
}, 30_000);

afterAll(async () => {
  await sandbox?.stop();
});

const STALL_MS = 400;

type Observed = { raised: string | null; chunks: number; stalled: boolean; requestId: string | null; retryAfter: string | null };

function client(key: string) {
  return new OpenAI({ apiKey: "sandbox-local-credential", baseURL: sandbox.baseUrl, maxRetries: 0, timeout: 1_000, defaultHeaders: { "x-sandbox-key": key } });
}

function fromError(error: unknown, o: Observed): Observed {
  o.raised = (error as Error).constructor.name;
  if (error instanceof OpenAI.APIError) {
    o.requestId = error.requestID ?? null;
    o.retryAfter = error.headers?.get("retry-after") ?? null;
  }
  return o;
}

async function observe(b: SandboxBehaviour, c: OpenAI): Promise<Observed> {
  const o: Observed = { raised: null, chunks: 0, stalled: false, requestId: null, retryAfter: null };
  const messages = [{ role: "user" as const, content: "behaviour table probe" }];
  if (!b.stream) {
    try {
      const { response, request_id } = await c.chat.completions.create({ model: b.model, messages }).withResponse();
      o.requestId = request_id;
      o.retryAfter = response.headers.get("retry-after");
    } catch (error) {
      fromError(error, o);
    }
    return o;
  }
  try {
    const { data: stream, request_id, response } = await c.chat.completions.create({ model: b.model, messages, stream: true, stream_options: { include_usage: true } }).withResponse();
    o.requestId = request_id;
    o.retryAfter = response.headers.get("retry-after");
    // The SDK applies its timeout to the headers only: a stalled stream needs the caller's own idle timer.
    let idle = setTimeout(() => ((o.stalled = true), stream.controller.abort()), STALL_MS);
    try {
      for await (const chunk of stream) {
        expect(chunk.object).toBe("chat.completion.chunk");
        o.chunks++;
        clearTimeout(idle);
        idle = setTimeout(() => ((o.stalled = true), stream.controller.abort()), STALL_MS);
      }
    } finally {
      clearTimeout(idle);
    }
  } catch (error) {
    fromError(error, o);
  }
  return o;
}

describe("the openai SDK against every sandbox behaviour", () => {
  it.each(SANDBOX_BEHAVIOURS.map((b) => [`${b.model}${b.stream ? " (stream)" : ""}`, b] as const))("%s", async (_name, b) => {
    const c = client(randomUUID());
    const o = await observe(b, c);
    expect(o.raised, "class the SDK raises").toBe(b.sdk.raises);
    if (b.stream) expect(o.chunks, "chunks the SDK's stream yields").toBe(b.sdk.chunks ?? 0);
    expect(o.stalled, "the stream stalled").toBe(!!b.sdk.stalls);
    expect(o.retryAfter, "retry-after").toBe(b.sdk.retryAfter);
    if (b.sdk.requestId) {
      // Where the SDK does not expose the id (a raw SyntaxError), read the raw response.
      const id = o.requestId ?? (await c.chat.completions.create({ model: b.model, messages: [{ role: "user", content: "id" }], stream: b.stream }).asResponse()).headers.get("x-request-id");
      expect(id, "x-request-id").toMatch(/^\S+$/);
    } else {
      expect(o.requestId ?? null).toBeNull();
    }
    if (b.sdk.thenRaises !== undefined) {
      const next = await observe(b, c);
      expect(next.raised, "the next request on the same key").toBe(b.sdk.thenRaises);
    }
  });

  it("flaky-429 counts per x-sandbox-key, not per process: a fresh key starts over", async () => {
    const a = client(randomUUID());
    const b = client(randomUUID());
    const flaky = SANDBOX_BEHAVIOURS.find((x) => x.model === "flaky-429-1")!;
    expect((await observe(flaky, a)).raised).toBe("RateLimitError");
    expect((await observe(flaky, b)).raised).toBe("RateLimitError");
    expect((await observe(flaky, a)).raised).toBeNull();
  });

  it("streams x-ratelimit-* on success and a usage chunk only when asked", async () => {
    const c = client(randomUUID());
    const { data, response } = await c.chat.completions.create({ model: "ok", messages: [{ role: "user", content: "x" }], stream: true }).withResponse();
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("x-ratelimit-remaining-requests")).toMatch(/^\d+$/);
    const chunks = [];
    for await (const chunk of data) chunks.push(chunk);
    expect(chunks.every((ch) => ch.usage === undefined && ch.choices.length === 1)).toBe(true);
    expect(new Set(chunks.map((ch) => ch.id)).size).toBe(1);
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe("stop");
  });

  it("models.list gives {id, object, created, owned_by} for each model", async () => {
    const c = client(randomUUID());
    const ids: string[] = [];
    for await (const m of c.models.list()) {
      expect(Object.keys(m).sort()).toEqual(["created", "id", "object", "owned_by"]);
      expect(m.object).toBe("model");
      expect(typeof m.created).toBe("number");
      ids.push(m.id);
    }
    expect(ids).toContain("ok");
    expect(ids).toContain("stream-error-after-3");
  });
});

describe("the ai SDK's OpenAI provider against the sandbox", () => {
  it("streamText gets the streamed text, a stop finish and usage (before issue 14: empty text, normal finish)", async () => {
    const { streamText } = await import("ai");
    const { createOpenAI } = await import("@ai-sdk/openai");
    const provider = createOpenAI({ baseURL: sandbox.baseUrl, apiKey: "sandbox-local-credential" });
    const result = streamText({ model: provider.chat("ok"), prompt: "behaviour table probe", maxRetries: 0 });
    let parts = 0;
    for await (const delta of result.textStream) if (delta) parts++;
    expect(parts).toBe(DEFAULT_STREAM_CHUNKS);
    expect((await result.text).length).toBeGreaterThan(0);
    expect(await result.finishReason).toBe("stop");
    expect((await result.usage).outputTokens).toBe(DEFAULT_STREAM_CHUNKS);
  });

  it("an error event mid-stream reaches the ai SDK as an error part with the text so far", async () => {
    const { streamText } = await import("ai");
    const { createOpenAI } = await import("@ai-sdk/openai");
    const provider = createOpenAI({ baseURL: sandbox.baseUrl, apiKey: "sandbox-local-credential" });
    const errors: unknown[] = [];
    const result = streamText({ model: provider.chat("stream-error-after-3"), prompt: "probe", maxRetries: 0, onError: ({ error }) => void errors.push(error) });
    let parts = 0;
    for await (const delta of result.textStream) if (delta) parts++;
    expect(parts).toBe(3);
    expect(errors.length).toBeGreaterThan(0);
  });
});
