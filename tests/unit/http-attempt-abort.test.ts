import { createServer, type Server } from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpAttempt } from "@/lib/smoke/http-attempt";
import { profileFor } from "@/lib/smoke/profiles";
import { loopbackEgress } from "@/tests/fixtures/egress";

// Issue 12 item 1: an attempt given an outer signal (the watchdog's) must
// still time out. Node 20's AbortSignal.any() holds its timeout source only
// weakly (nodejs/node#57736): after a garbage collection the composite never
// aborted and the attempt hung past its timeout — seen under load as runs
// "still sending attempt 1" 37 s into a 10 s timeout.

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

let server: Server;
let origin = "";
beforeAll(async () => {
  // A provider that accepts the request and never answers.
  server = createServer(() => undefined);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("httpAttempt timeout with an outer signal", () => {
  it("times out even when garbage collection runs while it waits", async () => {
    const outer = new AbortController();
    const attempt = httpAttempt(
      { baseUrl: origin, model: "hang", maxTokens: 8, credential: undefined, timeoutMs: 300, traceId: "0".repeat(32), profile: profileFor("openai-compatible"), signal: outer.signal, egress: loopbackEgress() },
      "1".repeat(16),
    );
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 20));
      gc();
    }
    const outcome = await Promise.race([attempt, new Promise<"hung">((r) => setTimeout(() => r("hung"), 3_000))]);
    expect(outcome).not.toBe("hung");
    if (outcome !== "hung") expect(outcome.kind).toBe("timeout");
  });

  it("ends at once when the outer signal aborts", async () => {
    const outer = new AbortController();
    const attempt = httpAttempt(
      { baseUrl: origin, model: "hang", maxTokens: 8, credential: undefined, timeoutMs: 10_000, traceId: "0".repeat(32), profile: profileFor("openai-compatible"), signal: outer.signal, egress: loopbackEgress() },
      "2".repeat(16),
    );
    setTimeout(() => outer.abort(new Error("watchdog")), 50);
    const outcome = await Promise.race([attempt, new Promise<"hung">((r) => setTimeout(() => r("hung"), 3_000))]);
    expect(outcome).not.toBe("hung");
    if (outcome !== "hung") expect(outcome.kind).toBe("connection");
  });
});
