// History benchmarks with 100 000 runs (scripts/seed-bulk.ts) over 90 days:
// GET /api/runs first page vs page 1 000 (keyset: deep must cost what
// shallow does), a filtered first page, and GET /api/history/summary over 90
// days (SQL GROUP BY on the covering index). Sequential requests, loopback.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../lib/generated/prisma/client";
import { seedBulk } from "../seed-bulk";
import { freshDatabase, median, quantile, round, startServer, type BenchResult } from "./lib";

const RUNS = 100_000;
const PAGE = 50;
const SAMPLES = 200;
const PORT = Number(process.env.BENCH_HISTORY_PORT ?? 3203);

async function sample(url: string, n = SAMPLES): Promise<number[]> {
  for (let i = 0; i < 10; i++) await (await fetch(url)).arrayBuffer(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url} → ${res.status}`);
    out.push(performance.now() - t);
  }
  return out;
}

function figures(name: string, ms: number[], budgetP95?: number): BenchResult[] {
  const p95 = round(quantile(ms, 0.95));
  return [
    { name: `${name} median`, value: round(median(ms)), unit: "ms" },
    { name: `${name} p95`, value: p95, unit: "ms", ...(budgetP95 ? { budget: `p95 ≤ ${budgetP95} ms`, withinBudget: p95 <= budgetP95 } : {}) },
  ];
}

export default async function historyBench(): Promise<BenchResult[]> {
  const url = await freshDatabase("history");
  const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 5000 }) });
  const seeded = await seedBulk(prisma, { runs: RUNS, days: 90, seed: 11 });
  await prisma.$disconnect();
  const results: BenchResult[] = [
    { name: `seed:bulk ${RUNS} runs (${seeded.attempts} attempts, ${seeded.rehearsals} rehearsals)`, value: round(seeded.ms / 1000, 1), unit: "s" },
  ];

  const server = await startServer(url, PORT);
  try {
    const base = `${server.origin}/api/runs?limit=${PAGE}`;
    const probe = await fetch(base);
    if (probe.status === 404 || probe.status === 405) {
      results.push({ name: "GET /api/runs", value: NaN, unit: "ms", detail: "skipped: the /api/runs route is not on this branch yet (engine, main)" });
    } else {
      // Walk to page 1 000 through nextCursor, as a client would.
      let cursor: string | null = null;
      let page2: string | null = null;
      for (let page = 1; page < 1000; page++) {
        const body = (await (await fetch(`${base}${cursor ? `&cursor=${cursor}` : ""}`)).json()) as { nextCursor: string | null };
        cursor = body.nextCursor;
        if (page === 1) page2 = cursor;
        if (!cursor) throw new Error(`ran out of pages at ${page}`);
      }
      // Interleaved, so load from other processes hits all three alike.
      const urls = [base, `${base}&cursor=${page2}`, `${base}&cursor=${cursor}`];
      for (const u of urls) await sample(u, 10);
      const [first, second, deep]: number[][] = [[], [], []];
      for (let i = 0; i < SAMPLES; i++) {
        for (const [k, u] of urls.entries()) {
          const t = performance.now();
          const res = await fetch(u);
          await res.arrayBuffer();
          [first, second, deep][k].push(performance.now() - t);
        }
      }
      results.push(...figures("GET /api/runs first page (50 of 100 000)", first, 30));
      results.push(...figures("GET /api/runs page 2 (cursor)", second, 30));
      results.push(...figures("GET /api/runs page 1 000 (rows 49 951–50 000)", deep, 30));
      const ratio = round(median(deep) / median(first));
      results.push({
        name: "GET /api/runs page 1 000 ÷ first page (medians)",
        value: ratio,
        unit: "×",
        budget: "≤ 1.10 (no slower)",
        withinBudget: ratio <= 1.1,
        detail: `+${round(median(deep) - median(first))} ms absolute; a cursor page costs a fixed extra for the cursor's WHERE, whatever its depth`,
      });
      const depth = round(median(deep) / median(second));
      results.push({ name: "GET /api/runs page 1 000 ÷ page 2 (medians, both cursor pages)", value: depth, unit: "×", budget: "≤ 1.10 (depth-independent)", withinBudget: depth <= 1.1 });
      const target = seeded.targets[1].id;
      results.push(...figures("GET /api/runs first page, target + result=fail", await sample(`${base}&targetId=${target}&result=fail`), 30));
    }
    const from = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
    results.push(...figures("GET /api/history/summary, 90 days, all targets", await sample(`${server.origin}/api/history/summary?from=${from}`, 60)));
    results.push(...figures("GET /api/history/summary, 90 days, one target", await sample(`${server.origin}/api/history/summary?from=${from}&targetId=${seeded.targets[0].id}`, 60)));
  } finally {
    await server.stop();
  }
  return results;
}
