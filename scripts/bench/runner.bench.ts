// The runner's cost against a bare fetch of the same request to the same
// local endpoint, measured in one process, interleaved, medians of many runs.
// Backoff waits are excluded by construction: both endpoints answer 200.
import { createServer } from "node:http";
import { loadavg } from "node:os";
import { freshDatabase, median, startSandbox, quantile, round, type BenchResult } from "./lib";

export default async function runnerBench(): Promise<BenchResult[]> {
  // NOTE: the runner is measured as the server runs it: `next build` inlines
  // NODE_ENV=production, where response types are not re-checked (decision
  // 041). NODE_ENV=development npm run bench -- runner measures the checks too.
  (process.env as Record<string, string | undefined>).NODE_ENV ??= "production";
  process.env.DATABASE_URL = await freshDatabase("runner");
  process.env.LOG_LEVEL = "silent";
  // The sandbox process is on loopback: listed, so the runner takes the checked path a real gateway would (decision 060).
  process.env.EVIDENCE_EGRESS_ALLOW = "127.0.0.1/32";
  // `npm run bench -- runner --otel`: the same runs with OpenTelemetry export on, to a local OTLP sink (decision 131).
  const otel = process.argv.includes("--otel") ? await startOtlpSink() : null;
  if (otel) {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = otel.endpoint;
    process.env.OTEL_BSP_SCHEDULE_DELAY = "200";
  }
  const sandbox = await startSandbox(41000);
  const { db } = await import("../../lib/db");
  const { runToCompletion } = await import("../../lib/smoke/run-service");
  const { USER_AGENT } = await import("../../lib/smoke/http-attempt");
  const { readCredential, SANDBOX_CREDENTIAL_VAR } = await import("../../lib/env");
  const sandboxKey = readCredential(SANDBOX_CREDENTIAL_VAR);

  async function target(model: string) {
    return db.target.create({
      data: { name: `bench-${model}`, role: "primary", baseUrl: sandbox.baseUrl, model, credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "bench", maxTokens: 64 },
    });
  }

  /** The same request the runner sends, with nothing around it. */
  async function bare(model: string) {
    const t0 = performance.now();
    const res = await fetch(`${sandbox.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${sandboxKey}`, "user-agent": USER_AGENT, traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" },
      body: JSON.stringify({ model, messages: [{ role: "user", content: "Reply with the single word: ok" }], max_tokens: 64, stream: false }),
    });
    await res.text();
    return performance.now() - t0;
  }

  async function viaRunner(targetId: string) {
    const t0 = performance.now();
    // What POST /api/runs?wait=true (the CI path), rehearsals and the scheduler call.
    const run = await runToCompletion({ targetId, path: "happy" }, { trigger: "api" });
    const ms = performance.now() - t0;
    if (run.record.operator_result !== "pass") throw new Error(`bench run did not pass: ${run.record.sanitized_error_summary}`);
    return ms;
  }

  async function compare(model: string, n: number) {
    const t = await target(model);
    for (let i = 0; i < 20; i++) {
      await bare(model);
      await viaRunner(t.id);
    }
    const b: number[] = [];
    const r: number[] = [];
    for (let i = 0; i < n; i++) {
      b.push(await bare(model));
      r.push(await viaRunner(t.id));
    }
    return { b, r };
  }

  const slow = await compare("slow-50", 120);
  const fast = await compare("ok", 400);
  sandbox.stop();
  await db.$disconnect();
  let otelDetail = "";
  if (otel) {
    const { flushTelemetry } = await import("../../lib/telemetry/otel");
    await flushTelemetry();
    otelDetail = `; OTLP export on: ${otel.batches()} export requests received by the local sink`;
    otel.stop();
  }

  const ratio = median(slow.r) / median(slow.b);
  const added = median(fast.r) - median(fast.b);
  return [
    { name: "bare fetch, endpoint answering in 50 ms (median)", value: round(median(slow.b)), unit: "ms" },
    { name: "smoke run incl. record persisted, 50 ms endpoint (median)", value: round(median(slow.r)), unit: "ms", detail: `p95 ${round(quantile(slow.r, 0.95))} ms; bare p95 ${round(quantile(slow.b, 0.95))} ms; n=${slow.r.length}` },
    { name: "ratio runner / bare fetch (50 ms endpoint)", value: round(ratio, 3), unit: "x", budget: "≤ 1.05", withinBudget: ratio <= 1.05, detail: `NODE_ENV=${process.env.NODE_ENV}; load average ${loadavg().map((l) => l.toFixed(2)).join(", ")}${otelDetail}` },
    { name: "bare fetch, endpoint answering at once (median)", value: round(median(fast.b)), unit: "ms" },
    { name: "smoke run incl. record persisted, instant endpoint (median)", value: round(median(fast.r)), unit: "ms", detail: `p95 ${round(quantile(fast.r, 0.95))} ms; n=${fast.r.length}` },
    { name: "added per run incl. persisting the record (median diff)", value: round(added), unit: "ms", budget: "≤ 3", withinBudget: added <= 3 },
  ];
}

/** An OTLP/HTTP receiver that takes every export and answers 200 at once. */
async function startOtlpSink() {
  let batches = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      batches++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return { endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`, batches: () => batches, stop: () => server.close() };
}
