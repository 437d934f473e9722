import { createParser } from "eventsource-parser";
import { ChatCompletionChunkSchema } from "@/lib/smoke/contract";
import type { StreamTermination } from "@/lib/smoke/constants";

/**
 * What a streamed chat completion showed at the request boundary: counts,
 * times and how it ended — never the streamed text, which is read, counted
 * and dropped here. `eventsource-parser` does the SSE framing.
 */
export type StreamFacts = {
  /** Response headers, from the attempt's start. */
  timeToFirstByteMs: number;
  /** The first chunk whose delta carries text, from the attempt's start. */
  timeToFirstTokenMs: number | null;
  /** `data:` events other than `[DONE]` and an error event. */
  chunks: number;
  /** Chunks that carried text (the live view's token count). */
  contentChunks: number;
  termination: StreamTermination;
  /** Each chunk a valid chat.completion.chunk, one id throughout, a finish_reason at the end. */
  contract: "pass" | "fail";
  contractReason?: string;
  /** The error event's envelope (never stored raw; vetted by the caller). */
  error?: { message?: string; type?: string; code?: string };
  /** The low-level code when the connection failed mid-body. */
  networkCode?: string | null;
};

export type StreamProgress = { chunks: number; contentChunks: number; timeToFirstTokenMs: number | null };

const MAX_EVENT_BYTES = 1_000_000;

/**
 * Reads an event stream to its end, an error event, `[DONE]`, or
 * `idleTimeoutMs` without a byte. `elapsed` is the attempt's clock.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array> | null,
  opts: { idleTimeoutMs: number; elapsed: () => number; timeToFirstByteMs: number; onProgress?: (p: StreamProgress) => void },
): Promise<StreamFacts> {
  const facts: StreamFacts = { timeToFirstByteMs: opts.timeToFirstByteMs, timeToFirstTokenMs: null, chunks: 0, contentChunks: 0, termination: "connection_closed", contract: "pass" };
  let id: string | null = null;
  let lastFinish: string | null | undefined;
  let ended = false;
  const fail = (reason: string) => {
    if (facts.contract === "pass") {
      facts.contract = "fail";
      facts.contractReason = reason;
    }
  };
  const parser = createParser({
    maxBufferSize: MAX_EVENT_BYTES,
    onEvent(ev) {
      if (ended) return;
      if (ev.data.trim() === "[DONE]") {
        facts.termination = "done";
        ended = true;
        return;
      }
      let data: unknown;
      try {
        data = JSON.parse(ev.data);
      } catch {
        facts.chunks++;
        fail(`chunk ${facts.chunks} is not valid JSON`);
        return;
      }
      const err = data && typeof data === "object" ? (data as { error?: unknown }).error : undefined;
      if (err && typeof err === "object") {
        const e = err as Record<string, unknown>;
        facts.error = {
          message: typeof e.message === "string" ? e.message : undefined,
          type: typeof e.type === "string" ? e.type : undefined,
          code: typeof e.code === "string" ? e.code : typeof e.code === "number" ? String(e.code) : undefined,
        };
        facts.termination = "error_event";
        ended = true;
        return;
      }
      facts.chunks++;
      const parsed = ChatCompletionChunkSchema.safeParse(data);
      if (!parsed.success) {
        fail(`chunk ${facts.chunks} is not a chat.completion.chunk (at ${parsed.error.issues[0].path.join(".") || "(root)"})`);
        return;
      }
      const chunk = parsed.data;
      if (id === null) id = chunk.id;
      else if (chunk.id !== id) fail(`chunk ${facts.chunks} has another id than the first`);
      for (const c of chunk.choices) {
        if (typeof c.delta.content === "string" && c.delta.content.length > 0) {
          facts.contentChunks++;
          facts.timeToFirstTokenMs ??= opts.elapsed();
        }
      }
      if (chunk.choices.length > 0) lastFinish = chunk.choices[chunk.choices.length - 1].finish_reason;
      opts.onProgress?.({ chunks: facts.chunks, contentChunks: facts.contentChunks, timeToFirstTokenMs: facts.timeToFirstTokenMs });
    },
    onError() {
      fail("the event stream could not be parsed");
    },
  });

  if (!body) return finish();
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle = false;
  let onIdle: (v: "idle") => void = () => {};
  const idleAbort = new Promise<"idle">((resolve) => (onIdle = resolve));
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ((idle = true), onIdle("idle")), opts.idleTimeoutMs);
  };
  rearm();
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), idleAbort]);
      if (next === "idle") {
        facts.termination = "idle_timeout";
        break;
      }
      if (next.done) break;
      rearm();
      parser.feed(decoder.decode(next.value, { stream: true }));
      if (ended) break;
    }
  } catch (err) {
    const e = err as { code?: string; cause?: { code?: string } };
    const code = e?.cause?.code ?? e?.code;
    facts.networkCode = typeof code === "string" && /^[A-Z0-9_]{2,40}$/.test(code) ? code : "network_error";
    facts.termination = "connection_closed";
    ended = true;
  } finally {
    clearTimeout(timer);
    // NOTE: cancel what is left (a stall, the rest after an error event), so the connection is released.
    reader.cancel().catch(() => {});
  }
  if (idle) ended = true;
  return finish();

  function finish(): StreamFacts {
    if (!ended && facts.termination === "connection_closed" && lastFinish) facts.termination = "finish_reason_only";
    if (facts.termination === "done" || facts.termination === "finish_reason_only") {
      if (facts.chunks === 0) fail("the stream ended without a chunk");
      else if (!lastFinish) fail("no finish_reason at the end of the stream");
    }
    return facts;
  }
}
