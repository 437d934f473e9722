import { readUpTo } from "@/lib/shared/bounded-body";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { MAX_JSON_BODY_BYTES, readJson } from "@/lib/http";

// Issue 12 items 3 and 4: what a client sends is refused at the boundary
// with a 4xx — malformed Unicode, and bodies over the limit while they stream.

const Any = z.unknown();
const post = (body: BodyInit, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("http://test/api/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, issues: err.issues };
    throw err;
  }
  throw new Error("accepted");
}

describe("readJson: malformed Unicode", () => {
  it("a lone surrogate in a value is a 400 naming the field", async () => {
    expect(await refusal(readJson(post('{"title":"a\\ud800b"}'), Any))).toMatchObject({ code: "bad_request", issues: [{ path: "title" }] });
    expect(await refusal(readJson(post('{"sections":{"timeline":[{"text":"ok"},{"text":"\\udfff"}]}}'), Any))).toMatchObject({ issues: [{ path: "sections.timeline.1.text" }] });
    expect(await refusal(readJson(post('{"\\ud800":1}'), Any))).toMatchObject({ code: "bad_request", issues: [{ path: "(key)" }] });
  });

  it("well-formed text, pairs and all, passes", async () => {
    expect(await readJson(post('{"title":"\\ud83d\\ude00 ok é \\u007f"}'), Any)).toEqual({ title: "😀 ok é \u007f" });
  });

  it("bytes that are not UTF-8 are a 400", async () => {
    expect(await refusal(readJson(post(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])), Any))).toMatchObject({ code: "bad_request", issues: [{ path: "(body)" }] });
  });
});

describe("readJson: size limit while streaming", () => {
  it("a declared length over the limit is a 413 without reading the body", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({ pull: (c) => (pulled++, c.enqueue(new Uint8Array(1024))) });
    const req = post(body, { "content-type": "application/json", "content-length": String(MAX_JSON_BODY_BYTES + 1) });
    expect(await refusal(readJson(req, Any))).toMatchObject({ code: "payload_too_large" });
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("a chunked body is abandoned just past the limit, not read to its end", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let sent = 0;
    let cancelled = false;
    const total = 600 * 1024 * 1024;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent >= total) return c.close();
        sent += chunk.byteLength;
        c.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    expect(await refusal(readJson(post(body), Any))).toMatchObject({ code: "payload_too_large" });
    expect(cancelled).toBe(true);
    expect(sent).toBeLessThan(MAX_JSON_BODY_BYTES + 4 * chunk.byteLength);
  });
});

describe("readUpTo: the one bounded reader (requests in, provider bodies back)", () => {
  it("keeps what came before the limit, says it was cut, and cancels the rest", async () => {
    let cancelled = false;
    const parts = ["abc", "def", "ghi"].map((s) => new TextEncoder().encode(s));
    const body = new ReadableStream<Uint8Array>({
      pull: (c) => (parts.length ? c.enqueue(parts.shift()!) : c.close()),
      cancel: () => void (cancelled = true),
    });
    const r = await readUpTo(body, 7);
    expect([r.bytes.toString("utf8"), r.truncated, cancelled]).toEqual(["abcdef", true, true]);
    const whole = await readUpTo(new Response("abcdef").body, 6);
    expect([whole.bytes.toString("utf8"), whole.truncated]).toEqual(["abcdef", false]);
    expect(await readUpTo(null, 6)).toEqual({ bytes: Buffer.alloc(0), truncated: false });
  });
});
