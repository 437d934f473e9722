// A streaming smoke run against the same stream read by a bare fetch and the
// same SSE parser (eventsource-parser), interleaved, medians (issue 14,
// docs/decisions/110). The sandbox streams 50 content chunks 5 ms apart.
import { loadavg } from "node:os";
import { createParser } from "eventsource-parser";
import { freshDatabase, median, startSandbox, quantile, round, type BenchResult } from "./lib";

const MODEL = "stream-chunks-50-every-5";

export default async function streamingBench(): Promise<BenchResult[]> {
  (process.env as Record<string, string | undefined>).NODE_ENV ??= "production";
  process.env.DATABASE_URL = await freshDatabase("streaming");
  process.env.LOG_LEVEL = "silent";
  process.env.EVIDENCE_EGRESS_ALLOW = "127.0.0.1/32";
  const sandbox = await startSandbox(42000);
  const { db } = await import("../../lib/db");
  const { runToCompletion } = await import("../../lib/smoke/run-service");
  const { USER_AGENT } = await import("../../lib/smoke/http-attempt");
  const { readCredential, SANDBOX_CREDENTIAL_VAR } = await import("../../lib/env");
  const sandboxKey = readCredential(SANDBOX_CREDENTIAL_VAR);

  const t = await db.target.create({
    data: { name: "bench-stream", role: "primary", baseUrl: sandbox.baseUrl, model: MODEL, credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "bench", maxTokens: 64, stream: true },
  });

  /** The same streamed request, read to [DONE] by fetch + the parser, counting chunks — nothing else. */
  async function bare() {
    const t0 = performance.now();
    const res = await fetch(`${sandbox.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream, application/json", authorization: `Bearer ${sandboxKey}`, "user-agent": USER_AGENT, traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" },
      body: JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "Reply with the single word: ok" }], max_tokens: 64, stream: true, stream_options: { include_usage: true } }),
    });
    let chunks = 0;
    let done = false;
    const parser = createParser({ onEvent: (e) => (e.data === "[DONE]" ? (done = true) : (JSON.parse(e.data), chunks++)) });
    const decoder = new TextDecoder();
    for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(part, { stream: true }));
    if (!done || chunks !== 52) throw new Error(`bare stream read ${chunks} chunks, done ${done}`);
    return performance.now() - t0;
  }

  async function viaRunner() {
    const t0 = performance.now();
    const run = await runToCompletion({ targetId: t.id, path: "happy" }, { trigger: "api" });
    const ms = performance.now() - t0;
    if (run.record.operator_result !== "pass" || run.record.stream_chunks !== 52) throw new Error(`bench run did not pass: ${run.record.sanitized_error_summary}`);
    return ms;
  }

  for (let i = 0; i < 10; i++) {
    await bare();
    await viaRunner();
  }
  const b: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < 60; i++) {
    b.push(await bare());
    r.push(await viaRunner());
  }
  sandbox.stop();
  await db.$disconnect();
  const ratio = median(r) / median(b);
  return [
    { name: "bare fetch + parser, 50 chunks 5 ms apart (median)", value: round(median(b)), unit: "ms", detail: `p95 ${round(quantile(b, 0.95))} ms` },
    { name: "streaming smoke run incl. record persisted (median)", value: round(median(r)), unit: "ms", detail: `p95 ${round(quantile(r, 0.95))} ms; n=${r.length}` },
    { name: "ratio streaming run / bare fetch + parser", value: round(ratio, 3), unit: "x", budget: "≤ 1.05", withinBudget: ratio <= 1.05, detail: `NODE_ENV=${process.env.NODE_ENV}; load average ${loadavg().map((l) => l.toFixed(2)).join(", ")}` },
  ];
}
