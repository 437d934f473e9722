import { describe, expect, it } from "vitest";
import { checkCron, describeCron, nextSlots, slotsBetween } from "@/lib/schedule/cron";
import { ScheduleInputSchema } from "@/lib/schedule/schema";

describe("schedule cron expressions", () => {
  it("previews a weekday schedule in words, in UTC", () => {
    expect(describeCron("0 9 * * 1-5")).toBe("At 09:00, Monday through Friday (UTC)");
    expect(describeCron("* * * * *")).toBe("Every minute (UTC)");
    expect(describeCron("not cron")).toBeNull();
  });

  it("accepts five fields only, normalising spaces", () => {
    expect(checkCron("  0   9 * * 1-5 ")).toEqual({ ok: true, normalized: "0 9 * * 1-5" });
    expect(checkCron("*/10 * * * * *")).toMatchObject({ ok: false, message: expect.stringMatching(/five fields/) });
    expect(checkCron("@daily")).toMatchObject({ ok: false });
    expect(checkCron("61 * * * *")).toMatchObject({ ok: false, message: expect.stringMatching(/minute/) });
  });

  it("enumerates slots in (after, until], keeping the newest when capped", () => {
    const after = new Date("2026-03-02T09:00:00Z");
    const until = new Date("2026-03-02T09:05:00Z");
    expect(slotsBetween("* * * * *", after, until, 10).slots.map((d) => d.toISOString().slice(11, 16))).toEqual(["09:01", "09:02", "09:03", "09:04", "09:05"]);
    const capped = slotsBetween("* * * * *", after, until, 2);
    expect(capped.slots.map((d) => d.toISOString().slice(11, 16))).toEqual(["09:04", "09:05"]);
    expect(capped.omitted).toBe(3);
    expect(nextSlots("0 9 * * 1-5", new Date("2026-03-06T10:00:00Z"), 1)[0].toISOString()).toBe("2026-03-09T09:00:00.000Z"); // Fri → Mon
  });

  it("the schedule input needs a cron expression when enabled", () => {
    expect(ScheduleInputSchema.safeParse({ cron: null, enabled: true }).success).toBe(false);
    expect(ScheduleInputSchema.safeParse({ cron: null, enabled: false }).success).toBe(true);
    expect(ScheduleInputSchema.parse({ cron: "0  9 * * 1-5", enabled: true }).cron).toBe("0 9 * * 1-5");
  });
});
