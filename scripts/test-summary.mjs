// The closing line of `npm test`. A step that failed without a failed test
// case of its own (typecheck, lint, a Playwright web server that never came
// up, a Vitest run that crashed) still counts as one failure: the line must
// never read "0 failed" when the run failed.
/**
 * @param {{ vitest?: any, playwright?: any, steps: { name: string, ok: boolean, kind?: "vitest" | "playwright" }[] }} input
 * @returns {{ passed: number, failed: number }}
 */
export function summarize({ vitest, playwright, steps }) {
  let passed = 0;
  let failed = 0;
  const counted = { vitest: 0, playwright: 0 };
  if (vitest) {
    passed += vitest.numPassedTests ?? 0;
    counted.vitest = (vitest.numFailedTests ?? 0) + (vitest.numTodoTests ?? 0) + (vitest.numPendingTests ?? 0);
    failed += counted.vitest;
  }
  if (playwright) {
    passed += playwright.stats?.expected ?? 0;
    counted.playwright = (playwright.stats?.unexpected ?? 0) + (playwright.stats?.flaky ?? 0) + (playwright.stats?.skipped ?? 0);
    failed += counted.playwright;
  }
  for (const s of steps) {
    if (s.ok) continue;
    // A failed test step whose report already holds failed cases is counted by them.
    if (s.kind && counted[s.kind] > 0) continue;
    failed += 1;
  }
  return { passed, failed };
}
