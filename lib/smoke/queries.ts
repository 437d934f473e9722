import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client";
import type { BreakerActionJson, BreakersJson } from "@/lib/smoke/breaker-schema";
import type { RehearsalInput, RehearsalJson, RunInput, RunJson, RunSummary } from "@/lib/smoke/schema";

export type RunListFilters = { targetId?: string; path?: string; result?: string };

export const smokeKeys = {
  runs: (filters: RunListFilters) => ["runs", filters] as const,
  run: (id: number) => ["runs", "detail", id] as const,
  rehearsal: (id: string) => ["rehearsals", id] as const,
  recentRehearsals: ["rehearsals", "recent"] as const,
};

const DASHBOARD = { "x-evidence-client": "dashboard" };

export const runsInfiniteQuery = (filters: RunListFilters) =>
  infiniteQueryOptions({
    queryKey: smokeKeys.runs(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: "25" });
      for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
      if (pageParam) params.set("cursor", pageParam);
      return apiFetch<{ items: RunSummary[]; nextCursor: string | null }>(`/api/runs?${params}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });

/** Polls while the rehearsal runs, so attempts appear as they happen. */
export const rehearsalQuery = (id: string) =>
  queryOptions({
    queryKey: smokeKeys.rehearsal(id),
    queryFn: () => apiFetch<RehearsalJson>(`/api/rehearsals/${encodeURIComponent(id)}`),
    refetchInterval: (q) => (q.state.data?.state === "running" || !q.state.data ? 350 : false),
  });

export const runQuery = (id: number) =>
  queryOptions({
    queryKey: smokeKeys.run(id),
    queryFn: () => apiFetch<RunJson>(`/api/runs/${id}`),
    refetchInterval: (q) => (q.state.data?.state === "running" || !q.state.data ? 350 : false),
  });

/** One Idempotency-Key per click: a repeated request starts nothing new (decision 033). */
export const startRehearsalRequest = (input: RehearsalInput, idempotencyKey: string) =>
  apiFetch<{ id: string; state: string }>("/api/rehearsals", { method: "POST", json: input, headers: { ...DASHBOARD, "idempotency-key": idempotencyKey } });

export const startRunRequest = (input: RunInput, idempotencyKey: string) =>
  apiFetch<{ id: number; testId: string; state: string }>("/api/runs", { method: "POST", json: input, headers: { ...DASHBOARD, "idempotency-key": idempotencyKey } });

export const saveDecisionsRequest = (id: string, body: Record<string, string | null>) =>
  apiFetch<RehearsalJson>(`/api/rehearsals/${encodeURIComponent(id)}`, { method: "PATCH", json: body });

export const breakerKeys = { all: ["breakers"] as const };

/** Every target's breaker and retry budget; refreshed while a page shows them. */
export const breakersQuery = () =>
  queryOptions({
    queryKey: breakerKeys.all,
    queryFn: () => apiFetch<BreakersJson>("/api/breakers"),
    refetchInterval: 2000,
  });

export const resetBreakerRequest = (targetId: string) =>
  apiFetch<BreakerActionJson>(`/api/breakers/${encodeURIComponent(targetId)}/reset`, { method: "POST", json: {}, headers: DASHBOARD });
