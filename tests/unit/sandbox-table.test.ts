import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SANDBOX_BEHAVIOURS, sandboxBehaviourTable } from "@/lib/smoke/sandbox-behaviours";
import { SANDBOX_SCENARIOS } from "@/lib/smoke/sandbox";

describe("README sandbox behaviour table", () => {
  it("is exactly the table rendered from lib/smoke/sandbox-behaviours.ts", () => {
    const readme = readFileSync("README.md", "utf8");
    const m = /<!-- sandbox-behaviours:start -->\n([\s\S]*?)\n<!-- sandbox-behaviours:end -->/.exec(readme);
    expect(m, "README has the marked sandbox table").not.toBeNull();
    expect(m![1]).toBe(sandboxBehaviourTable());
  });

  it("has a row for every scenario the sandbox serves", () => {
    const documented = new Set(SANDBOX_BEHAVIOURS.map((b) => b.pattern ?? b.model));
    for (const s of SANDBOX_SCENARIOS) {
      if (s.model === "slow" || s.model === "flaky-429") continue; // documented as slow-<ms>, flaky-429-<n>
      if (s.model === "stream-chunks-<n>") expect(documented).toContain("stream-chunks-<n>[-every-<ms>]");
      else expect(documented, s.model).toContain(s.model);
    }
  });
});
