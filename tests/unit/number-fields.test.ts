import { describe, expect, it } from "vitest";
import { RunFiltersSchema } from "@/lib/smoke/store";
import { RunIdSchema, RunInputSchema } from "@/lib/smoke/schema";
import { TargetInputSchema, TargetPatchSchema } from "@/lib/targets/schema";

// Issue 12 item 7: numbers are numbers. Only plain decimal digit strings
// (what a form sends) are read as numbers; everything else is refused with
// the field's message.

const valid = { name: "Primary", role: "primary", baseUrl: "https://api.example.com/v1", model: "m", environmentLabel: "staging" };

function issue(input: Record<string, unknown>) {
  const r = TargetInputSchema.safeParse({ ...valid, ...input });
  return r.success ? null : r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

describe("target number fields", () => {
  it.each([
    ["retryCeiling", null, "Retry ceiling must be a whole number."],
    ["timeoutMs", [5000], "Timeout must be a whole number."],
    ["maxTokens", true, "Max tokens must be a whole number."],
    ["backoffBaseMs", "", "Backoff base must be a whole number."],
    ["retryAfterCapMs", "0x10", "Retry-After cap must be a whole number."],
    ["timeoutMs", "1e4", "Timeout must be a whole number."],
    ["timeoutMs", "5000.5", "Timeout must be a whole number."],
    ["maxTokens", 2.5, "Max tokens must be a whole number."],
  ])("%s = %j is refused with a field message", (field, value, message) => {
    expect(issue({ [field]: value })).toEqual([{ path: field, message }]);
    const patch = TargetPatchSchema.safeParse({ [field]: value });
    expect(patch.success).toBe(false);
  });

  it("plain decimal digits from a form are read as numbers; ranges still apply", () => {
    const t = TargetInputSchema.parse({ ...valid, timeoutMs: "5000", retryCeiling: " 2 ", maxTokens: 64 });
    expect(t).toMatchObject({ timeoutMs: 5000, retryCeiling: 2, maxTokens: 64 });
    expect(issue({ retryCeiling: "9" })).toEqual([{ path: "retryCeiling", message: "Retry ceiling must be at most 5." }]);
  });
});

describe("other number inputs", () => {
  it("run ids, list limits and replay statuses take decimal digits only", () => {
    expect(RunIdSchema.safeParse({ id: "0x10" }).success).toBe(false);
    expect(RunIdSchema.parse({ id: "16" })).toEqual({ id: 16 });
    expect(RunFiltersSchema.safeParse({ limit: "0x10" }).success).toBe(false);
    expect(RunFiltersSchema.parse({ limit: "20" }).limit).toBe(20);
    expect(RunInputSchema.safeParse({ targetId: "t", path: "error", errorScenario: "replay_status", replayStatus: true }).success).toBe(false);
  });
});
