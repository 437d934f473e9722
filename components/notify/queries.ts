import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";

// The client side of the notifications API (README "Notifications"; the
// contract in docs). Types mirror the API's answers.

export const NOTIFY_EVENTS = ["scheduled_rehearsal_failed", "breaker_opened", "rehearsal_unreviewed", "share_link_first_opened", "packet_ready"] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];
export const CHANNEL_KINDS = ["webhook", "slack", "email"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export type DeliveryStatus = "pending" | "sending" | "delivered" | "failed" | "suppressed";

export type DeliverySummary = { id: string; status: DeliveryStatus; createdAt: string; deliveredAt: string | null; lastError: string | null };
export type Channel = {
  id: string;
  name: string;
  kind: ChannelKind;
  url?: string | null;
  signingSecretEnv?: string | null;
  urlEnv?: string | null;
  to?: string[] | null;
  enabled: boolean;
  configured: boolean;
  missing: string[];
  createdAt: string;
  lastDelivery: DeliverySummary | null;
};
export type Rule = { id: string; event: NotifyEvent; channelIds: string[]; quietPeriodMinutes: number; unreviewedDays: number | null; enabled: boolean; createdAt: string };
export type Delivery = {
  id: string;
  channelId: string;
  channelName: string;
  event: string;
  subject: string;
  status: DeliveryStatus;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
};

export type ChannelInput =
  | { name: string; kind: "webhook"; url: string; signingSecretEnv: string }
  | { name: string; kind: "slack"; urlEnv: string }
  | { name: string; kind: "email"; to: string[] };
export type RuleInput = { event: NotifyEvent; channelIds: string[]; quietPeriodMinutes: number; unreviewedDays?: number; enabled?: boolean };

/** Plain words for each event, as the page and the rule list say them. */
export const EVENT_LABELS: Record<NotifyEvent | "test", string> = {
  scheduled_rehearsal_failed: "Scheduled rehearsal failed",
  breaker_opened: "Breaker opened",
  rehearsal_unreviewed: "Rehearsal not reviewed for N days",
  share_link_first_opened: "Share link opened for the first time",
  packet_ready: "Packet marked ready",
  test: "Test message",
};

export const eventLabel = (event: string, days?: number | null) =>
  event === "rehearsal_unreviewed" && days ? `Rehearsal not reviewed for ${days} ${days === 1 ? "day" : "days"}` : (EVENT_LABELS[event as NotifyEvent] ?? event);

export const notifyKeys = {
  all: ["notifications"] as const,
  channels: ["notifications", "channels"] as const,
  rules: ["notifications", "rules"] as const,
  deliveries: (channelId: string) => ["notifications", "deliveries", channelId] as const,
};

const BASE = "/api/notifications";
const one = (kind: string, id: string) => `${BASE}/${kind}/${encodeURIComponent(id)}`;

export const channelsQuery = () =>
  queryOptions({ queryKey: notifyKeys.channels, queryFn: async () => (await apiFetch<{ channels: Channel[] }>(`${BASE}/channels`)).channels });
export const rulesQuery = () => queryOptions({ queryKey: notifyKeys.rules, queryFn: async () => (await apiFetch<{ rules: Rule[] }>(`${BASE}/rules`)).rules });

export const deliveriesPage = (channelId: string, cursor: string | null, limit = 50) => {
  const qs = new URLSearchParams({ limit: String(limit) });
  if (channelId) qs.set("channelId", channelId);
  if (cursor) qs.set("cursor", cursor);
  return apiFetch<{ deliveries: Delivery[]; nextCursor: string | null }>(`${BASE}/deliveries?${qs}`);
};

export const isOpen = (s: DeliveryStatus) => s === "pending" || s === "sending";

export const createChannelRequest = (input: ChannelInput) => apiFetch<{ channel: Channel }>(`${BASE}/channels`, { method: "POST", json: input });
export const updateChannelRequest = (id: string, patch: Partial<Omit<Channel, "id">>) => apiFetch<{ channel: Channel }>(one("channels", id), { method: "PATCH", json: patch });
export const deleteChannelRequest = (id: string) => apiFetch<void>(one("channels", id), { method: "DELETE" });
export const testChannelRequest = (id: string) => apiFetch<{ delivery: Delivery }>(`${one("channels", id)}/test`, { method: "POST" });
export const createRuleRequest = (input: RuleInput) => apiFetch<{ rule: Rule }>(`${BASE}/rules`, { method: "POST", json: input });
export const updateRuleRequest = (id: string, patch: Partial<RuleInput>) => apiFetch<{ rule: Rule }>(one("rules", id), { method: "PATCH", json: patch });
export const deleteRuleRequest = (id: string) => apiFetch<void>(one("rules", id), { method: "DELETE" });
