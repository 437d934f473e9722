import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { Channel, ChannelCreate, ChannelPatch, Delivery, DeliveryStatus, NotifyEvent, Rule, RuleCreate, RulePatch } from "@/lib/notify/schema";

// The client side of the notifications API (README "Notifications"); the
// shapes and input schemas are lib/notify/schema.ts, shared with the routes.

export { CHANNEL_KINDS, NOTIFY_EVENTS } from "@/lib/notify/schema";
export type { Channel, ChannelKind, Delivery, DeliveryStatus, NotifyEvent, Rule } from "@/lib/notify/schema";

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

export const createChannelRequest = (input: ChannelCreate) => apiFetch<{ channel: Channel }>(`${BASE}/channels`, { method: "POST", json: input });
export const updateChannelRequest = (id: string, patch: ChannelPatch) => apiFetch<{ channel: Channel }>(one("channels", id), { method: "PATCH", json: patch });
export const deleteChannelRequest = (id: string) => apiFetch<void>(one("channels", id), { method: "DELETE" });
export const testChannelRequest = (id: string) => apiFetch<{ delivery: Delivery }>(`${one("channels", id)}/test`, { method: "POST" });
export const createRuleRequest = (input: Partial<RuleCreate> & Pick<RuleCreate, "event">) => apiFetch<{ rule: Rule }>(`${BASE}/rules`, { method: "POST", json: input });
export const updateRuleRequest = (id: string, patch: RulePatch) => apiFetch<{ rule: Rule }>(one("rules", id), { method: "PATCH", json: patch });
export const deleteRuleRequest = (id: string) => apiFetch<void>(one("rules", id), { method: "DELETE" });
