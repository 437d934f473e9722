import { z } from "zod";
import { parseEgressEntry } from "@/lib/targets/egress";

/** The longest allow-list an admin may store (it is checked on every attempt). */
export const MAX_EGRESS_ENTRIES = 100;

/** PUT /api/settings/egress: the admin's allow-list of private / loopback CIDRs and host names. */
export const EgressSettingsInputSchema = z
  .object({
    entries: z
      .array(z.string({ error: "Each entry must be text." }).trim().min(1, "Empty entry.").max(255, "At most 255 characters."), {
        error: "entries must be a list of CIDRs or host names.",
      })
      .max(MAX_EGRESS_ENTRIES, `At most ${MAX_EGRESS_ENTRIES} entries.`)
      .superRefine((list, ctx) => {
        list.forEach((raw, index) => {
          const r = parseEgressEntry(raw);
          if (!r.ok) ctx.addIssue({ code: "custom", path: [index], message: r.message });
        });
      })
      // Stored in canonical form (10.0.0.1 → 10.0.0.1/32, host names lower case), once each.
      .transform((list) => [...new Set(list.map((raw) => { const r = parseEgressEntry(raw); return r.ok ? r.entry.text : raw; }))]),
  })
  .strict();
export type EgressSettingsInput = z.input<typeof EgressSettingsInputSchema>;

/** What GET/PUT /api/settings/egress answer. */
export const EgressSettingsSchema = z
  .object({
    entries: z.array(z.string()),
    fromEnvironment: z.array(z.string()),
    alwaysRefused: z.array(z.string()),
    alwaysAllowed: z.array(z.string()),
    updatedAt: z.string().nullable(),
  })
  .strict();
export type EgressSettings = z.infer<typeof EgressSettingsSchema>;
