import type { IncomingMessage, ServerResponse } from "node:http";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { forgetFastPathLink, registerFastPathViewCounter, rememberForFastPath, REVALIDATE_MS } from "@/lib/packets/fast-path";

const TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde";
const fast = () => (globalThis as unknown as { reviewerFastPath: { serve: (req: IncomingMessage, res: ServerResponse) => boolean } }).reviewerFastPath;

function call(url: string, encoding = "gzip") {
  const out: { status?: number; headers?: Record<string, string>; body?: Buffer } = {};
  const res = {
    writeHead: (status: number, headers: Record<string, string>) => ((out.status = status), (out.headers = headers), res),
    end: (body: Buffer) => (out.body = body),
  } as unknown as ServerResponse;
  const served = fast().serve({ method: "GET", url, headers: { "accept-encoding": encoding } } as unknown as IncomingMessage, res);
  return { served, ...out };
}

afterEach(() => vi.useRealTimers());

describe("reviewer page fast path", () => {
  it("serves nothing for a token the Next route has not opened", () => {
    expect(call(`/p/${TOKEN}`).served).toBe(false);
  });

  it("serves a freshly validated token pre-compressed with the route's headers, and counts the view", () => {
    const views: string[] = [];
    registerFastPathViewCounter((id) => views.push(id));
    rememberForFastPath(TOKEN, { linkId: "link-1", expiresAt: Date.now() + 60_000 }, "<p>packet</p>", { "cache-control": "no-store", "referrer-policy": "no-referrer" });
    const r = call(`/p/${TOKEN}`);
    expect(r.served).toBe(true);
    expect(r.status).toBe(200);
    expect(r.headers).toMatchObject({ "cache-control": "no-store", "referrer-policy": "no-referrer", "content-encoding": "gzip" });
    expect(gunzipSync(r.body!).toString()).toBe("<p>packet</p>");
    expect(call(`/p/${TOKEN}`, "identity").body!.toString()).toBe("<p>packet</p>");
    expect(views).toEqual(["link-1", "link-1"]);
  });

  it("sends the token back to the route once the entry is older than the revalidation window", () => {
    vi.useFakeTimers();
    rememberForFastPath(TOKEN, { linkId: "link-1", expiresAt: Date.now() + 60_000 }, "<p>x</p>", {});
    expect(call(`/p/${TOKEN}`).served).toBe(true);
    vi.advanceTimersByTime(REVALIDATE_MS + 1);
    expect(call(`/p/${TOKEN}`).served).toBe(false);
  });

  it("never serves an expired link or a revoked one", () => {
    rememberForFastPath(TOKEN, { linkId: "link-2", expiresAt: Date.now() - 1 }, "<p>x</p>", {});
    expect(call(`/p/${TOKEN}`).served).toBe(false);
    rememberForFastPath(`${TOKEN}x`, { linkId: "link-3", expiresAt: Date.now() + 60_000 }, "<p>x</p>", {});
    expect(call(`/p/${TOKEN}x`).served).toBe(true);
    forgetFastPathLink("link-3");
    expect(call(`/p/${TOKEN}x`).served).toBe(false);
  });
});
