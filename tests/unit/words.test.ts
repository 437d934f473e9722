import { describe, expect, it } from "vitest";
import { clipAtWord } from "@/lib/shared/text";
import { sanitizeSummary, SUMMARY_MAX } from "@/lib/smoke/sanitize";

// Issue 15 item 7: stored notes and summaries are not cut mid-word.

describe("clipAtWord", () => {
  it("leaves short text alone and cuts long text before the word that does not fit", () => {
    expect(clipAtWord("primary retained", 40)).toBe("primary retained");
    expect(clipAtWord("the primary route was retained after one bounded retry", 30)).toBe("the primary route was…");
    expect(clipAtWord("the primary route was retained after", 22)).toBe("the primary route was…");
  });
  it("never exceeds the bound and drops trailing punctuation before the ellipsis", () => {
    const s = clipAtWord("one, two, three, four, five, six, seven", 17);
    expect(s).toBe("one, two, three…");
    expect(s.length).toBeLessThanOrEqual(17);
  });
  it("cuts inside a single long word only when no boundary is near", () => {
    const s = clipAtWord(`id ${"x".repeat(100)}`, 20);
    expect(s).toHaveLength(20);
    expect(s.endsWith("…")).toBe(true);
  });
});

describe("sanitizeSummary keeps whole words", () => {
  it("ends a long summary at a word boundary, within SUMMARY_MAX", () => {
    const words = "primary returned 5xx (503) InternalServerError after two bounded retries; fallback retained and recorded as expected".split(" ");
    const long = Array.from({ length: 40 }, (_, i) => words[i % words.length]).join(" ");
    const s = sanitizeSummary(long);
    expect(s.length).toBeLessThanOrEqual(SUMMARY_MAX);
    expect(s.endsWith("…")).toBe(true);
    const last = s.slice(0, -1).split(" ").pop()!;
    expect(words.map((w) => w.replace(/[;,]$/, ""))).toContain(last.replace(/[;,]$/, ""));
  });
});
