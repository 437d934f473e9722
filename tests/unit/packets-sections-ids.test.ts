import { describe, expect, it } from "vitest";
import { defaultSections } from "@/lib/packets/guide";
import { SectionsSchema } from "@/lib/packets/schema";

describe("packet sections", () => {
  it("the prefilled sections parse", () => {
    expect(SectionsSchema.safeParse(defaultSections()).success).toBe(true);
  });

  it("two timeline entries with one id are refused, naming the list", () => {
    const s = defaultSections({
      timeline: [
        { id: "t1", at: "2026-11-24T00:00:00.000Z", text: "first" },
        { id: "t1", at: "2026-11-24T00:01:00.000Z", text: "second" },
      ],
    });
    const r = SectionsSchema.safeParse(s);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(["timeline"]);
  });
});
