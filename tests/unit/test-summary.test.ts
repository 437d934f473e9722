import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without types
import { summarize } from "../../scripts/test-summary.mjs";

const vitest = { numPassedTests: 200, numFailedTests: 0 };
const playwright = { stats: { expected: 17, unexpected: 0, flaky: 0, skipped: 0 } };

describe("npm test closing line", () => {
  it("counts every test case when every step passed", () => {
    const steps = [{ name: "typecheck", ok: true }, { name: "vitest", ok: true, kind: "vitest" }, { name: "playwright", ok: true, kind: "playwright" }];
    expect(summarize({ vitest, playwright, steps })).toEqual({ passed: 217, failed: 0 });
  });

  it("a failed Playwright step with no failed case of its own counts as a failure", () => {
    // e.g. the web server never came up: the JSON report holds 0 unexpected.
    const pw = { stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 0 } };
    const steps = [{ name: "vitest", ok: true, kind: "vitest" }, { name: "playwright", ok: false, kind: "playwright" }];
    expect(summarize({ vitest, playwright: pw, steps })).toEqual({ passed: 200, failed: 1 });
  });

  it("a failed Playwright step with a stale-looking report still fails the line", () => {
    const steps = [{ name: "vitest", ok: true, kind: "vitest" }, { name: "playwright", ok: false, kind: "playwright" }];
    expect(summarize({ vitest, playwright, steps }).failed).toBe(1);
  });

  it("a missing report is a failure, and typecheck or lint failures count", () => {
    const steps = [
      { name: "typecheck", ok: false },
      { name: "lint", ok: false },
      { name: "vitest", ok: false, kind: "vitest" },
      { name: "playwright", ok: true, kind: "playwright" },
    ];
    expect(summarize({ vitest: undefined, playwright, steps })).toEqual({ passed: 17, failed: 3 });
  });

  it("failed cases are not counted twice with their step", () => {
    const v = { numPassedTests: 198, numFailedTests: 2 };
    const steps = [{ name: "vitest", ok: false, kind: "vitest" }, { name: "playwright", ok: true, kind: "playwright" }];
    expect(summarize({ vitest: v, playwright, steps })).toEqual({ passed: 215, failed: 2 });
  });
});
