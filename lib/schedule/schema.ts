import { z } from "zod";
import { checkCron } from "@/lib/schedule/cron";

export const CronField = z
  .string({ error: "cron must be text." })
  .max(120, "Keep the cron expression under 120 characters.")
  .transform((v, ctx) => {
    const c = checkCron(v);
    if (!c.ok) {
      ctx.addIssue({ code: "custom", message: c.message });
      return z.NEVER;
    }
    return c.normalized;
  });

export const SLOT_STATUSES = ["claimed", "started", "done", "failed", "missed", "skipped", "interrupted"] as const;

/** PUT /api/history/schedules/:targetId */
export const ScheduleInputSchema = z
  .object({
    cron: CronField.nullable(),
    enabled: z.boolean({ error: "enabled must be true or false." }),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.enabled && !v.cron) ctx.addIssue({ code: "custom", path: ["cron"], message: "An enabled schedule needs a cron expression." });
  });
export type ScheduleInput = z.input<typeof ScheduleInputSchema>;

export const SlotSchema = z
  .object({
    slot: z.string(),
    status: z.enum(SLOT_STATUSES),
    reason: z.string().nullable(),
    rehearsalId: z.string().nullable(),
  })
  .strict();
export type Slot = z.infer<typeof SlotSchema>;

export const ScheduleSchema = z
  .object({
    targetId: z.string(),
    targetName: z.string(),
    environmentLabel: z.string(),
    cron: z.string().nullable(),
    enabled: z.boolean(),
    preview: z.string().nullable(),
    nextSlots: z.array(z.string()),
    recentSlots: z.array(SlotSchema),
    missedLast7Days: z.number().int(),
  })
  .strict();
export type Schedule = z.infer<typeof ScheduleSchema>;
