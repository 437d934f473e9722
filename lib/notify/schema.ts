import { z } from "zod";

/**
 * Notifications (issue 16, docs/decisions/130): the API's shapes, shared by
 * the routes, the services and the UI (the contract: /work/notify-contract.md
 * at the time of writing; README "Notifications").
 */
export const NOTIFY_EVENTS = ["scheduled_rehearsal_failed", "breaker_opened", "rehearsal_unreviewed", "share_link_first_opened", "packet_ready"] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];
/** What a delivery can carry: a rule's event or a channel's test message. */
export type DeliveryEvent = NotifyEvent | "test";

export const EVENT_LABEL: Record<DeliveryEvent, string> = {
  scheduled_rehearsal_failed: "Scheduled rehearsal failed",
  breaker_opened: "Breaker opened",
  rehearsal_unreviewed: "Rehearsal unreviewed",
  share_link_first_opened: "Share link opened",
  packet_ready: "Packet ready",
  test: "Test message",
};

export const CHANNEL_KINDS = ["webhook", "slack", "email"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const DELIVERY_STATUSES = ["pending", "sending", "delivered", "failed", "suppressed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** An environment variable NAME (never a value). */
export const EnvNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Z][A-Z0-9_]*$/, "Use the NAME of an environment variable (A–Z, 0–9, _), not its value.");

const NameSchema = z.string().trim().min(1, "Give the channel a name.").max(80);

/** http(s) only, no user:password in it, no query string credentials guessed at: the secret belongs in signingSecretEnv. */
export const WebhookUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "http:" || u.protocol === "https:") && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "Use an http(s) URL without a user name or password in it.");

const EmailListSchema = z.array(z.email("Use e-mail addresses.").max(254)).min(1, "Give at least one address.").max(10, "At most 10 addresses.");

export const ChannelCreateSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("webhook"), name: NameSchema, url: WebhookUrlSchema, signingSecretEnv: EnvNameSchema, enabled: z.boolean().default(true) }).strict(),
  z.object({ kind: z.literal("slack"), name: NameSchema, urlEnv: EnvNameSchema, enabled: z.boolean().default(true) }).strict(),
  z.object({ kind: z.literal("email"), name: NameSchema, to: EmailListSchema, enabled: z.boolean().default(true) }).strict(),
]);
export type ChannelCreate = z.output<typeof ChannelCreateSchema>;

/** A PATCH names only what changes; fields of another kind are refused by the service. */
export const ChannelPatchSchema = z
  .object({
    name: NameSchema.optional(),
    url: WebhookUrlSchema.optional(),
    signingSecretEnv: EnvNameSchema.optional(),
    urlEnv: EnvNameSchema.optional(),
    to: EmailListSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type ChannelPatch = z.output<typeof ChannelPatchSchema>;

const QuietSchema = z.number().int().min(0).max(1440);
const DaysSchema = z.number().int().min(1).max(90);
const ChannelIdsSchema = z.array(z.string().min(1).max(64)).max(20);

export const RuleCreateSchema = z
  .object({
    event: z.enum(NOTIFY_EVENTS),
    channelIds: ChannelIdsSchema.default([]),
    quietPeriodMinutes: QuietSchema.default(30),
    unreviewedDays: DaysSchema.default(3),
    enabled: z.boolean().default(true),
  })
  .strict();
export type RuleCreate = z.output<typeof RuleCreateSchema>;

export const RulePatchSchema = z
  .object({
    event: z.enum(NOTIFY_EVENTS).optional(),
    channelIds: ChannelIdsSchema.optional(),
    quietPeriodMinutes: QuietSchema.optional(),
    unreviewedDays: DaysSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type RulePatch = z.output<typeof RulePatchSchema>;

export const DeliveryQuerySchema = z
  .object({
    channelId: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export type DeliverySummary = { id: string; status: DeliveryStatus; event: DeliveryEvent; createdAt: string; deliveredAt: string | null; lastError: string | null };

export type Delivery = {
  id: string;
  channelId: string;
  channelName: string;
  event: DeliveryEvent;
  subject: string;
  status: DeliveryStatus;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
};

export type Channel = {
  id: string;
  name: string;
  kind: ChannelKind;
  url?: string;
  signingSecretEnv?: string;
  urlEnv?: string;
  to?: string[];
  enabled: boolean;
  configured: boolean;
  missing: string[];
  createdAt: string;
  lastDelivery: DeliverySummary | null;
};

export type Rule = {
  id: string;
  event: NotifyEvent;
  channelIds: string[];
  quietPeriodMinutes: number;
  unreviewedDays: number;
  enabled: boolean;
  createdAt: string;
};

/** The webhook body's schema version (README "Notifications"). */
export const WEBHOOK_SCHEMA_VERSION = 1;
