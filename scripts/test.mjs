// `npm test`: typecheck, lint, Vitest (unit + integration), then Playwright
// against a production build. Prints one summary line `N passed, M failed`
// counting every Vitest and Playwright test case.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
mkdirSync("test-results", { recursive: true });
const bin = (name) => `node_modules/.bin/${name}`;
const failedSteps = [];

function step(name, cmd, args, env = {}) {
  console.log(`\n── ${name} ──`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(`── ${name}: ${ok ? "ok" : "FAILED"} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok) failedSteps.push(name);
  return ok;
}

step("typecheck", bin("tsc"), ["--noEmit"]);
step("lint", bin("eslint"), [".", "--max-warnings=0"]);

const vitestJson = "test-results/vitest.json";
rmSync(vitestJson, { force: true });
step("vitest (unit + integration)", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);

const pwJson = "test-results/playwright.json";
rmSync(pwJson, { force: true });
step("playwright (end-to-end)", bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });

let passed = 0;
let failed = 0;
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, "utf8"));
  passed += v.numPassedTests ?? 0;
  failed += (v.numFailedTests ?? 0) + (v.numTodoTests ?? 0) + (v.numPendingTests ?? 0);
} else {
  failed += 1;
}
if (existsSync(pwJson)) {
  const p = JSON.parse(readFileSync(pwJson, "utf8"));
  passed += p.stats?.expected ?? 0;
  failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0) + (p.stats?.skipped ?? 0);
  for (const e of p.errors ?? []) console.error(`playwright error: ${e.message?.split("\n")[0]}`);
} else {
  failed += 1;
}
if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(", ")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failedSteps.length || failed ? 1 : 0);
