"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { runsInfiniteQuery, type RunListFilters } from "@/lib/smoke/queries";
import type { Target } from "@/lib/targets/schema";
import { FallbackBadge, ResultBadge, StatusBadge } from "@/components/smoke/badges";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Spinner } from "@/components/ui/spinner";

const utc = (iso: string) => iso.replace("T", " ").replace(/\.\d{3}Z$/, " UTC");

export function RecordsView({ targets }: { targets: Pick<Target, "id" | "name">[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters: RunListFilters = {
    targetId: params.get("targetId") ?? undefined,
    path: params.get("path") ?? undefined,
    result: params.get("result") ?? undefined,
  };
  const query = useInfiniteQuery(runsInfiniteQuery(filters));
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  function setFilter(key: keyof RunListFilters, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`${pathname}${next.size ? `?${next}` : ""}`, { scroll: false });
  }

  return (
    <>
      <PageHeader
        title="Records"
        description="Every smoke record, newest first."
        guide="A record holds sanitized request-boundary evidence: status family, client error class, retries, fallback decision and trace id."
        actions={<Link href="/rehearse" className="btn-primary">Run a rehearsal</Link>}
      />
      <div className="card mb-4 flex flex-wrap items-end gap-4 p-4" role="search" aria-label="Filter records">
        <label className="text-sm">
          <span className="field-label">Target</span>
          <select className="input" value={filters.targetId ?? ""} onChange={(e) => setFilter("targetId", e.target.value)}>
            <option value="">All targets</option>
            {targets.map((t) => (
              <option key={t.id} value={t.id}>{t.name}</option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="field-label">Path</span>
          <select className="input" value={filters.path ?? ""} onChange={(e) => setFilter("path", e.target.value)}>
            <option value="">Both paths</option>
            <option value="happy">happy</option>
            <option value="error">error</option>
          </select>
        </label>
        <label className="text-sm">
          <span className="field-label">Result</span>
          <select className="input" value={filters.result ?? ""} onChange={(e) => setFilter("result", e.target.value)}>
            <option value="">pass and fail</option>
            <option value="pass">pass</option>
            <option value="fail">fail</option>
          </select>
        </label>
      </div>
      {query.isPending ? (
        <Spinner label="Loading records…" />
      ) : query.isError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">Records could not be loaded.</p>
      ) : items.length === 0 ? (
        <EmptyState title="No records yet" action={<Link href="/rehearse" className="btn-primary">Run a rehearsal</Link>}>
          A rehearsal creates one passing record and one controlled failing record. Filters may also hide records.
        </EmptyState>
      ) : (
        <div className="card relative overflow-x-auto">
          {/* NOTE: the verdict columns (result, fallback decision) come right after the record so
              they are on screen at 1280 px and wider; below that the table scrolls in this card. */}
          <table className="w-full min-w-[44rem]">
            <caption className="sr-only">Records, newest first</caption>
            <thead className="border-b border-slate-200 dark:border-slate-800">
              <tr>
                <th scope="col" className="table-th">Record</th>
                <th scope="col" className="table-th">Result</th>
                <th scope="col" className="table-th">Fallback decision</th>
                <th scope="col" className="table-th">Status</th>
                <th scope="col" className="table-th text-right">Retries</th>
                <th scope="col" className="table-th">Error class</th>
                <th scope="col" className="table-th">Target and path</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {items.map((r) => (
                <tr key={r.id} data-testid="record-row">
                  <td className="table-td">
                    <span className="whitespace-nowrap">
                      <Link href={`/records/${r.id}`} className="mono font-medium text-sky-800 underline-offset-2 hover:underline dark:text-sky-300">{r.testId}</Link>
                      <CopyButton text={r.testId} what="test id" small />
                    </span>
                    <div className="mono whitespace-nowrap text-xs text-slate-600 dark:text-slate-400" title={new Date(r.checkedAt).toString()}>
                      <span className="sr-only">checked at </span>{utc(r.checkedAt)}
                    </div>
                  </td>
                  <td className="table-td"><ResultBadge result={r.operatorResult} state={r.state} path={r.path} /></td>
                  <td className="table-td"><FallbackBadge decision={r.fallbackDecision} /></td>
                  <td className="table-td"><StatusBadge family={r.httpStatusFamily} code={r.httpStatusCode} /></td>
                  <td className="table-td mono text-right">{r.retryAttempts}</td>
                  <td className="table-td mono">{r.clientErrorClass ?? "—"}</td>
                  <td className="table-td">
                    {r.targetName} <span className="text-xs text-slate-600 dark:text-slate-400">· {r.environmentLabel}</span>
                    <div className="text-xs text-slate-600 dark:text-slate-400">
                      {r.path} path{r.errorScenario ? <> · <span className="mono">{r.errorScenario}</span></> : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {query.hasNextPage ? (
            <div className="border-t border-slate-200 p-3 text-center dark:border-slate-800">
              <button type="button" className="btn-secondary" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                {query.isFetchingNextPage ? "Loading…" : "Load older records"}
              </button>
            </div>
          ) : null}
        </div>
      )}
    </>
  );
}
