// `npm run bench [-- name…]`: runs every benchmark module in scripts/bench/
// (or the named ones) and prints medians, p95s and ratios against a baseline
// measured in the same run. Writes bench-results/latest.json.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BenchResult } from "./bench/lib";

process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.LOG_LEVEL ??= "warn";
process.env.SCHEDULER = "off";

async function main() {
  // Names pick modules; `--flag value` options belong to the modules (e.g. history's --engine, --runs).
  const args = process.argv.slice(2);
  const only = args.filter((a, i) => !a.startsWith("-") && !(i > 0 && /^--(engine|runs)$/.test(args[i - 1])));
  const dir = path.join(import.meta.dirname, "bench");
  const modules = readdirSync(dir)
    .filter((f) => f.endsWith(".bench.ts"))
    .sort()
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
  const all: (BenchResult & { suite: string })[] = [];
  for (const file of modules) {
    const suite = file.replace(/\.bench\.ts$/, "");
    console.log(`\n▶ ${suite}`);
    const mod = (await import(path.join(dir, file))) as { default: () => Promise<BenchResult[]> };
    const results = await mod.default();
    for (const r of results) {
      all.push({ suite, ...r });
      const verdict = r.withinBudget === undefined ? "" : r.withinBudget ? "  within budget" : "  OVER BUDGET";
      console.log(`  ${r.name.padEnd(58)} ${(Number.isNaN(r.value) ? "" : String(r.value)).padStart(10)} ${r.unit.padEnd(6)}${r.budget ? ` (budget ${r.budget})` : ""}${verdict}`);
      if (r.detail) console.log(`    ${r.detail}`);
    }
  }
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/latest.json", JSON.stringify({ at: new Date().toISOString(), results: all }, null, 2));
  console.log(`\n${all.length} figures written to bench-results/latest.json`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
