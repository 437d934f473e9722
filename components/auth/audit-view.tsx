"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { apiFetch } from "@/lib/api-client";
import type { AuditItem } from "@/lib/audit/queries";

export function AuditView({ actions }: { actions: readonly string[] }) {
  const [filters, setFilters] = useState<{ action: string; actor: string }>({ action: "", actor: "" });
  const qs = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  const q = useInfiniteQuery({
    queryKey: ["audit", filters],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => apiFetch<{ items: AuditItem[]; nextBefore: number | null }>(`/api/audit?${qs}${pageParam ? `&before=${pageParam}` : ""}`),
    getNextPageParam: (last) => last.nextBefore,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="space-y-4">
      <form
        className="card grid gap-3 p-4 sm:grid-cols-4 sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          setFilters({ action: String(f.get("action") ?? ""), actor: String(f.get("actor") ?? "").trim() });
        }}
      >
        <Field label="Action">
          {(p) => (
            <select {...p} name="action" className="input" defaultValue="">
              <option value="">All actions</option>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {a.replaceAll("_", " ")}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Who" hint="Part of an email, token name, or “schedule”.">
          {(p) => <input {...p} name="actor" className="input" />}
        </Field>
        <button type="submit" className="btn-primary">
          Filter
        </button>
        <a className="btn-secondary" href={`/api/audit/export.csv?${qs}`} download>
          Export CSV
        </a>
      </form>
      <div className="card relative overflow-x-auto">
        <table className="w-full min-w-[44rem]">
          <thead>
            <tr>
              <th className="table-th">When (UTC)</th>
              <th className="table-th">Who</th>
              <th className="table-th">Action</th>
              <th className="table-th">Detail</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id} className="border-t border-slate-200 dark:border-slate-800">
                <td className="table-td mono whitespace-nowrap">{i.at.replace("T", " ").slice(0, 19)}</td>
                <td className="table-td break-all">{i.actorLabel}</td>
                <td className="table-td">{i.action.replaceAll("_", " ")}</td>
                <td className="table-td break-words text-slate-700 dark:text-slate-300">{i.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {q.isPending ? <p className="p-4 text-sm">Loading the audit log…</p> : null}
        {!q.isPending && items.length === 0 ? <p className="p-4 text-sm text-slate-600 dark:text-slate-400">No entries match.</p> : null}
      </div>
      {q.hasNextPage ? (
        <button type="button" className="btn-secondary" onClick={() => q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {q.isFetchingNextPage ? "Loading…" : "Older entries"}
        </button>
      ) : null}
    </div>
  );
}
