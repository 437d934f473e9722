// `npm test`: typecheck, lint, Vitest (unit + integration), then Playwright
// against a production build. Prints one summary line `N passed, M failed`
// counting every Vitest and Playwright test case.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { summarize } from "./test-summary.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
mkdirSync("test-results", { recursive: true });
const bin = (name) => `node_modules/.bin/${name}`;
const steps = [];

function step(name, cmd, args, env = {}, kind) {
  console.log(`\n── ${name} ──`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(`── ${name}: ${ok ? "ok" : "FAILED"} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  steps.push({ name, ok, kind });
  return ok;
}

step("typecheck", bin("tsc"), ["--noEmit"]);
step("lint", bin("eslint"), [".", "--max-warnings=0"]);

const vitestJson = "test-results/vitest.json";
rmSync(vitestJson, { force: true });
step("vitest (unit + integration)", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`], {}, "vitest");

const pwJson = "test-results/playwright.json";
rmSync(pwJson, { force: true });
// NOTE: a free port per run, so a second checkout's suite (or anything else on
// 3100) cannot fail this one.
const e2ePort = process.env.E2E_PORT ?? String(await freePort());
step("playwright (end-to-end)", bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson, E2E_PORT: e2ePort }, "playwright");

const readJson = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, "utf8")) : undefined);
const vitest = readJson(vitestJson);
const playwright = readJson(pwJson);
for (const e of playwright?.errors ?? []) console.error(`playwright error: ${e.message?.split("\n")[0]}`);
const { passed, failed } = summarize({ vitest, playwright, steps });
const failedSteps = steps.filter((s) => !s.ok).map((s) => s.name);
if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join(", ")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failedSteps.length || failed ? 1 : 0);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
