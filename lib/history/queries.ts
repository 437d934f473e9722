import { apiFetch } from "@/lib/api-client";
import type { PacketFed, ReviewInput } from "@/lib/history/schema";
import type { RehearsalJson } from "@/lib/smoke/schema";

export type RehearsalReview = { rehearsal: RehearsalJson; packets: PacketFed[] };

export const historyKeys = {
  all: ["history"] as const,
  review: (id: string) => ["history", "review", id] as const,
};

export const reviewRehearsalRequest = (id: string, input: ReviewInput) =>
  apiFetch<RehearsalReview>(`/api/rehearsals/${encodeURIComponent(id)}/review`, { method: "POST", json: input });

export const deleteScheduleRequest = (targetId: string) =>
  apiFetch<import("@/lib/schedule/schema").Schedule>(`/api/history/schedules/${encodeURIComponent(targetId)}`, { method: "DELETE" });
export const setScheduleRequest = (targetId: string, input: { cron: string | null; enabled: boolean }) =>
  apiFetch<import("@/lib/schedule/schema").Schedule>(`/api/history/schedules/${encodeURIComponent(targetId)}`, { method: "PUT", json: input });
