// History benchmarks (scripts/seed-bulk.ts fills the database, 90 days, four
// targets): GET /api/runs first page vs page 1 000 (keyset: deep must cost
// what shallow does), a filtered first page, and GET /api/history/summary
// over 90 days for all targets and for one (the per-day aggregates,
// decision 101), each beside GET /api/health in the same interleaved loop as
// the floor. Sequential requests, loopback, the production server.
//   npm run bench -- history                                   SQLite, 100 000 runs
//   npm run bench -- history --engine postgresql --runs 1000000
// The seeded database is kept under bench-results/ and reused by the next
// run with the same engine and size (`--fresh` seeds again); PostgreSQL runs
// in a throwaway cluster there (scripts/pg-cluster.mjs), stopped at the end.
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { checkAggregates, seedBulk, seedClient } from "../seed-bulk";
import { freshDatabase, median, quantile, round, startServer, type BenchResult } from "./lib";

const PAGE = 50;
const SAMPLES = 200;
const PORT = Number(process.env.BENCH_HISTORY_PORT ?? 3203);

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  if (eq) return eq.slice(name.length + 3);
  const i = args.indexOf(`--${name}`);
  return i === -1 ? undefined : args[i + 1];
}

function figures(name: string, ms: number[], budgetP95?: number): BenchResult[] {
  const p95 = round(quantile(ms, 0.95));
  return [
    { name: `${name} median`, value: round(median(ms)), unit: "ms" },
    { name: `${name} p95`, value: p95, unit: "ms", ...(budgetP95 ? { budget: `p95 ≤ ${budgetP95} ms`, withinBudget: p95 <= budgetP95 } : {}) },
  ];
}

const load = () => os.loadavg().map((v) => v.toFixed(2)).join(" ");

/** A database holding exactly `runs` seeded runs: reused when it already does, seeded otherwise. */
async function seededDatabase(engine: "sqlite" | "postgresql", runs: number, fresh: boolean): Promise<{ url: string; seedMs: number | null; checkMs: number | null; stop: () => void }> {
  // NOTE: imported when used: these are ES modules (pg-cluster awaits at top level) and a bench module is compiled to CommonJS.
  const { migrate } = await import("../migrate.mjs");
  const { startCluster, stopCluster } = await import("../pg-cluster.mjs");
  let url: string;
  let stop = () => {};
  if (engine === "postgresql") {
    const dir = path.resolve("bench-results", "pg-history");
    const admin = await startCluster(dir);
    stop = () => stopCluster(dir);
    const name = `history_${runs}`;
    url = admin.replace(/\/postgres$/, `/${name}`);
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    const exists = (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
    if (exists && fresh) await c.query(`DROP DATABASE "${name}"`);
    if (!exists || fresh) await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
  } else {
    const file = path.resolve("bench-results", `history-${runs}.db`);
    url = existsSync(file) && !fresh ? `file:${file}` : await freshDatabase(`history-${runs}`);
  }
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  migrate({ quiet: true });
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;

  const prisma = seedClient(url);
  try {
    const have = await prisma.run.count();
    let seedMs: number | null = null;
    let checkMs: number | null = null;
    if (have !== runs) {
      if (have !== 0) throw new Error(`${url} holds ${have} runs, not ${runs}: run again with --fresh`);
      seedMs = (await seedBulk(prisma, { runs, days: 90, seed: 11, engine })).ms;
      checkMs = await checkAggregates(prisma, engine);
    }
    return { url, seedMs, checkMs, stop };
  } finally {
    await prisma.$disconnect();
  }
}

export default async function historyBench(): Promise<BenchResult[]> {
  const engine = option("engine") === "postgresql" ? "postgresql" : "sqlite";
  const runs = Number(option("runs") ?? 100_000);
  if (!Number.isInteger(runs) || runs < 60_000) throw new Error("--runs needs a whole number of at least 60 000 (page 1 000 of 50 must exist)");
  const fresh = process.argv.includes("--fresh");
  const db = await seededDatabase(engine, runs, fresh);
  const size = runs.toLocaleString("en-US").replace(/,/g, " ");
  const results: BenchResult[] = [];
  if (db.seedMs !== null) {
    results.push({ name: `seed:bulk ${size} runs on ${engine}`, value: round(db.seedMs / 1000, 1), unit: "s", detail: `aggregates recounted from the rows afterwards: exact (${round((db.checkMs ?? 0) / 1000, 1)} s)` });
  }

  const server = await startServer(db.url, PORT);
  try {
    const loadBefore = load();
    const base = `${server.origin}/api/runs?limit=${PAGE}`;
    // Walk to page 1 000 through nextCursor, as a client would.
    let cursor: string | null = null;
    let page2: string | null = null;
    for (let page = 1; page < 1000; page++) {
      const body = (await (await fetch(`${base}${cursor ? `&cursor=${cursor}` : ""}`)).json()) as { nextCursor: string | null };
      cursor = body.nextCursor;
      if (page === 1) page2 = cursor;
      if (!cursor) throw new Error(`ran out of pages at ${page}`);
    }
    const targets = (await (await fetch(`${server.origin}/api/history/summary`)).json()) as { targets: { targetId: string; targetName: string }[] };
    const one = targets.targets.find((t) => t.targetName === "Primary chat (staging)") ?? targets.targets[0];
    const from = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
    // Interleaved, so load from other processes hits every request alike.
    const urls = {
      health: `${server.origin}/api/health`,
      first: base,
      second: `${base}&cursor=${page2}`,
      deep: `${base}&cursor=${cursor}`,
      filtered: `${base}&targetId=${one.targetId}&result=fail`,
      summaryAll: `${server.origin}/api/history/summary?from=${from}`,
      summaryOne: `${server.origin}/api/history/summary?from=${from}&targetId=${one.targetId}`,
    };
    const samples = Object.fromEntries(Object.keys(urls).map((k) => [k, [] as number[]])) as Record<keyof typeof urls, number[]>;
    for (let i = 0; i < SAMPLES + 10; i++) {
      for (const [k, u] of Object.entries(urls) as [keyof typeof urls, string][]) {
        const t = performance.now();
        const res = await fetch(u);
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${u} → ${res.status}`);
        if (i >= 10) samples[k].push(performance.now() - t); // the first 10 rounds warm up
      }
    }
    const on = `${size} runs, ${engine}`;
    results.push(...figures(`GET /api/health (the floor; ${on})`, samples.health));
    results.push(...figures(`GET /api/runs first page (50 of ${size})`, samples.first, 30));
    results.push(...figures("GET /api/runs page 2 (cursor)", samples.second, 30));
    results.push(...figures("GET /api/runs page 1 000 (rows 49 951–50 000)", samples.deep, 30));
    const ratio = round(median(samples.deep) / median(samples.first));
    results.push({
      name: "GET /api/runs page 1 000 ÷ first page (medians)",
      value: ratio,
      unit: "×",
      budget: "≤ 1.10 (no slower)",
      withinBudget: ratio <= 1.1,
      detail: `+${round(median(samples.deep) - median(samples.first))} ms absolute; a cursor page costs a fixed extra for the cursor's WHERE, whatever its depth`,
    });
    const depth = round(median(samples.deep) / median(samples.second));
    results.push({ name: "GET /api/runs page 1 000 ÷ page 2 (medians, both cursor pages)", value: depth, unit: "×", budget: "≤ 1.10 (depth-independent)", withinBudget: depth <= 1.1 });
    results.push(...figures("GET /api/runs first page, target + result=fail", samples.filtered, 30));
    results.push(...figures(`GET /api/history/summary, 90 days, all targets`, samples.summaryAll, 50));
    results.push(...figures(`GET /api/history/summary, 90 days, one target`, samples.summaryOne, 50));
    results.push({ name: "load average (1, 5, 15 min) before / after", value: NaN, unit: "", detail: `${loadBefore} / ${load()} (${os.cpus().length} cores)` });
  } finally {
    await server.stop();
    db.stop();
  }
  return results;
}
