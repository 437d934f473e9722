// Packets: Markdown export of a 50-record packet, and the reviewer page under
// 200 concurrent loopback requests. Budgets (DESIGN.md): export p95 ≤ 20 ms;
// share page 0 errors and p99 ≤ 200 ms; reviewer first-load JS ≤ 100 kB gz.
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { packetMarkdown } from "../../lib/packets/markdown";
import { fixtureAttempt, fixtureErrorRecord, fixtureRecord, readyDocument } from "../../tests/fixtures/packets";
import { freshDatabase, median, quantile, round, startServer, type BenchResult } from "./lib";
import { firstLoadJs } from "./pages.bench";

const PORT = 3391;
/** The same build and database with REVIEWER_FAST_PATH=off: every reviewer request through Next (decision 044). */
const PORT_NO_FAST_PATH = 3392;
const RECORDS = 50;
const CONCURRENCY = 200;
const ROUNDS = 5;

function fiftyRecordDocument() {
  const records = Array.from({ length: RECORDS }, (_, i) =>
    i % 2
      ? { ...fixtureErrorRecord(i + 1) }
      : fixtureRecord({ runId: i + 1, record: { attempts: [fixtureAttempt(), fixtureAttempt({ seq: 1 }), fixtureAttempt({ seq: 2 })] } }),
  );
  return readyDocument({ records });
}

function timeMs(fn: () => void, iterations: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function post(origin: string, path: string, body: unknown, method = "POST") {
  const res = await fetch(`${origin}${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path} → ${res.status} ${await res.text()}`);
  return res.json();
}

type Row = Record<string, unknown>;
/** What the operator does before a packet can be ready (decision 040): accept the summary, keep an item, confirm the sources. */
async function operatorConfirms(origin: string, p: { id: string; revision: number; sections: { notVerified: { items: Row[]; notes: string }; sourcesChecked: Row[] } }) {
  await post(
    origin,
    `/api/packets/${p.id}`,
    {
      revision: p.revision,
      sections: {
        summary: "Bench packet: the chat-completions request path was checked on both paths.",
        notVerified: { ...p.sections.notVerified, items: p.sections.notVerified.items.map((i, n) => ({ ...i, confirmed: n === 0 })) },
        sourcesChecked: p.sections.sourcesChecked.map((x) => ({ ...x, confirmed: true, accessed: new Date().toISOString().slice(0, 10) })),
      },
    },
    "PATCH",
  );
}

export default async function bench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];

  // 1. Markdown rendering alone (pure function, in process).
  const doc = fiftyRecordDocument();
  const version = { number: 1, sha256: "0".repeat(64), createdAt: new Date().toISOString() };
  timeMs(() => packetMarkdown(doc, version), 30); // warm-up
  const render = timeMs(() => packetMarkdown(doc, version), 300);
  const renderP95 = quantile(render, 0.95);
  results.push(
    { name: `Markdown export render, ${RECORDS} records (median)`, value: round(median(render)), unit: "ms" },
    { name: `Markdown export render, ${RECORDS} records (p95)`, value: round(renderP95), unit: "ms", budget: "≤ 20 ms", withinBudget: renderP95 <= 20 },
  );

  // 2. Through the production server: real records from the sandbox, a real packet.
  const dbUrl = await freshDatabase("bench-packets");
  const server = await startServer(dbUrl, PORT);
  try {
    const { origin } = server;
    const targets = (await (await fetch(`${origin}/api/targets`)).json()) as { items: { id: string; name: string }[] };
    const primary = targets.items.find((t) => t.name === "Sandbox primary");
    if (!primary) throw new Error("sandbox primary target not seeded");
    for (let i = 0; i < RECORDS / 2; i++) await post(origin, "/api/rehearsals?wait=true", { targetId: primary.id });
    const runs = (await (await fetch(`${origin}/api/runs?limit=${RECORDS}`)).json()) as { items: { id: number }[] };
    const packet = await post(origin, "/api/packets", { title: "Bench packet", runIds: runs.items.map((r) => r.id) });
    await operatorConfirms(origin, packet);
    await post(origin, `/api/packets/${packet.id}/status`, { status: "ready" });

    const exportUrl = `${origin}/api/packets/${packet.id}/export?format=md`;
    for (let i = 0; i < 10; i++) await (await fetch(exportUrl)).text();
    const http: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      const res = await fetch(exportUrl);
      await res.text();
      http.push(performance.now() - t);
    }
    const httpP95 = quantile(http, 0.95);
    results.push(
      { name: `GET export?format=md, ${RECORDS} records, HTTP (median)`, value: round(median(http)), unit: "ms", detail: "load + readiness + content-addressed version lookup + render, over loopback" },
      { name: `GET export?format=md, ${RECORDS} records, HTTP (p95)`, value: round(httpP95), unit: "ms", budget: "≤ 20 ms", withinBudget: httpP95 <= 20 },
    );

    // The editor as a browser loads it (same method as pages.bench.ts).
    const editorPath = `/packets/${packet.id}`;
    const editorKb = round(((await firstLoadJs(origin, [editorPath])).get(editorPath) ?? 0) / 1024, 1);
    results.push({ name: "first-load JS /packets/:id editor (compressed)", value: editorKb, unit: "kB", budget: "≤ 180 kB", withinBudget: editorKb <= 180 });

    const link = await post(origin, `/api/packets/${packet.id}/share`, { expiresInHours: 24 });
    const pageUrl = `${origin}${link.path}`;
    const first = await fetch(pageUrl);
    const html = await first.text();
    // First-load JS: every script the reviewer page pulls in, gzipped.
    let jsBytes = 0;
    for (const m of html.matchAll(/<script[^>]*src="([^"]+)"/g)) jsBytes += gzipSync(Buffer.from(await (await fetch(new URL(m[1], origin))).arrayBuffer())).length;
    const inline = [...html.matchAll(/<script(?![^>]*src=)[^>]*>([\s\S]*?)<\/script>/g)].reduce((n, m) => n + gzipSync(m[1]).length, 0);
    const jsKb = round((jsBytes + inline) / 1024, 1);
    results.push({ name: "Reviewer page first-load JS (gzipped)", value: jsKb, unit: "kB", budget: "≤ 100 kB", withinBudget: jsKb <= 100, detail: `HTML ${round(gzipSync(html).length / 1024, 1)} kB gzipped, self-contained (inline CSS)` });

    // A typical packet: one rehearsal's two records.
    const small = await post(origin, "/api/packets", { title: "Bench packet (one rehearsal)", runIds: runs.items.slice(0, 2).map((r) => r.id) });
    await operatorConfirms(origin, small);
    await post(origin, `/api/packets/${small.id}/status`, { status: "ready" });
    const smallLink = await post(origin, `/api/packets/${small.id}/share`, { expiresInHours: 24 });

    // Baseline in the same run, interleaved round by round so all three see
    // the same machine load: the same concurrency on a token the route
    // rejects before touching the database — Next's own per-request cost.
    const burst = async (url: string, sha: string | null) => {
      const lat: number[] = [];
      let errs = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          const t = performance.now();
          try {
            const res = await fetch(url);
            const body = await res.text();
            if (sha && (res.status !== 200 || !body.includes(sha))) errs += 1;
          } catch {
            errs += 1;
          }
          lat.push(performance.now() - t);
        }),
      );
      return { lat, errs };
    };
    // The same build on the same database without the fast path, measured in the same rounds.
    const plain = await startServer(dbUrl, PORT_NO_FAST_PATH, { REVIEWER_FAST_PATH: "off" });
    const floor: number[] = [];
    const lat = { fast: { typical: [] as number[], large: [] as number[] }, next: { typical: [] as number[], large: [] as number[] } };
    let errors = 0;
    try {
      for (let round_ = 0; round_ < ROUNDS; round_++) {
        floor.push(...(await burst(`${origin}/p/not-a-token`, null)).lat);
        for (const [base, into] of [
          [origin, lat.fast],
          [plain.origin, lat.next],
        ] as const) {
          for (const [p, sha, list] of [
            [smallLink.path, smallLink.versionSha256, into.typical],
            [link.path, link.versionSha256, into.large],
          ] as const) {
            const r = await burst(`${base}${p}`, sha);
            list.push(...r.lat);
            errors += r.errs;
          }
        }
      }
    } finally {
      await plain.stop();
    }
    const floorP99 = quantile(floor, 0.99);
    const row = (label: string, samples: number[]): BenchResult => {
      const p99 = quantile(samples, 0.99);
      return {
        name: `Reviewer page (${label}), ${CONCURRENCY} concurrent: p99`,
        value: round(p99),
        unit: "ms",
        budget: "≤ 200 ms",
        withinBudget: p99 <= 200,
        detail: `median ${round(median(samples))} ms; ${round(p99 / floorP99)}× the no-DB floor's p99`,
      };
    };
    results.push(
      { name: `Reviewer page, ${CONCURRENCY} concurrent × ${ROUNDS} rounds × 2 packets × 2 servers: errors`, value: errors, unit: "", budget: "0", withinBudget: errors === 0 },
      row("2 records, fast path", lat.fast.typical),
      row(`${RECORDS} records, fast path`, lat.fast.large),
      row("2 records, through Next (REVIEWER_FAST_PATH=off)", lat.next.typical),
      row(`${RECORDS} records, through Next (REVIEWER_FAST_PATH=off)`, lat.next.large),
      {
        name: `Baseline: no-DB 404 route, ${CONCURRENCY} concurrent: p99`,
        value: round(floorP99),
        unit: "ms",
        detail: `median ${round(median(floor))} ms. The fast path reads validity from the database on every request (the one validity function) and sends the cached pre-compressed rendering; views are counted in memory and written in batches.`,
      },
    );
  } finally {
    await server.stop();
  }
  return results;
}
