import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { Target, TargetInput, TargetPatch } from "@/lib/targets/schema";

export const targetKeys = {
  all: ["targets"] as const,
  detail: (id: string) => ["targets", id] as const,
};

export const targetsQuery = () =>
  queryOptions({
    queryKey: targetKeys.all,
    queryFn: async () => (await apiFetch<{ items: Target[] }>("/api/targets")).items,
  });

export const createTargetRequest = (input: TargetInput) => apiFetch<Target>("/api/targets", { method: "POST", json: input });
export const updateTargetRequest = (id: string, patch: TargetPatch) =>
  apiFetch<Target>(`/api/targets/${encodeURIComponent(id)}`, { method: "PATCH", json: patch });
export const deleteTargetRequest = (id: string) => apiFetch<void>(`/api/targets/${encodeURIComponent(id)}`, { method: "DELETE" });
