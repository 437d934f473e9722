import Link from "next/link";
import { ResultBadge } from "@/components/smoke/badges";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { fmtUtc } from "@/lib/history/format";
import type { RunSummary } from "@/lib/smoke/schema";

const decisionTone = { primary_retained: "pass", fallback_used: "warn", manual_hold: "info" } as const;

/** Records, newest first. Each row drills down to the record and its rehearsal. */
export function RunsTable({ items }: { items: RunSummary[] }) {
  return (
    <div className="card relative overflow-x-auto">
      <table className="w-full" data-testid="history-runs">
        <caption className="sr-only">Smoke records, newest first</caption>
        <thead className="border-b border-slate-200 dark:border-slate-800">
          <tr>
            <th scope="col" className="table-th">Result</th>
            <th scope="col" className="table-th">Record · checked (UTC)</th>
            <th scope="col" className="table-th">Target · path</th>
            <th scope="col" className="table-th">Status family · client error class</th>
            <th scope="col" className="table-th text-right">Retries</th>
            <th scope="col" className="table-th">Fallback decision</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {items.map((r) => (
            <tr key={r.id} data-testid="history-run-row" data-result={r.operatorResult ?? "none"} data-target-name={r.targetName}>
              <td className="table-td">
                <ResultBadge result={r.operatorResult} state={r.state} path={r.path} />
              </td>
              <td className="table-td whitespace-nowrap">
                <Link href={`/records/${r.id}`} className="mono text-sky-800 hover:underline dark:text-sky-300">
                  {r.testId}
                </Link>
                <CopyButton text={r.testId} what="test id" small />
                <div className="flex flex-wrap items-center gap-1 text-xs tabular-nums text-slate-600 dark:text-slate-400">
                  {fmtUtc(r.checkedAt)} ·{" "}
                  {r.trigger === "scheduled" ? <Badge tone="info">scheduled</Badge> : <span>{r.trigger}</span>}
                  {r.startedBy && r.startedBy.kind !== "schedule" ? <span data-testid="run-started-by"> · by {r.startedBy.label}</span> : null}
                  {r.rehearsalId ? (
                    <>
                      {" · "}
                      <Link href={`/history/rehearsals/${r.rehearsalId}`} className="text-sky-800 hover:underline dark:text-sky-300">
                        rehearsal
                      </Link>
                    </>
                  ) : null}
                </div>
              </td>
              <td className="table-td">
                <div>{r.targetName}</div>
                <div className="text-xs text-slate-600 dark:text-slate-400">
                  {r.environmentLabel} · {r.path}
                  {r.errorScenario ? <span className="mono"> ({r.errorScenario})</span> : null}
                </div>
              </td>
              <td className="table-td">
                <div className="tabular-nums">
                  {r.httpStatusFamily ?? "not recorded"}
                  {r.httpStatusCode ? <span className="text-slate-600 dark:text-slate-400"> ({r.httpStatusCode})</span> : null}
                </div>
                <div className="mono text-xs text-slate-600 dark:text-slate-400">{r.clientErrorClass ?? "not recorded"}</div>
              </td>
              <td className="table-td text-right tabular-nums">{r.retryAttempts}</td>
              <td className="table-td">{r.fallbackDecision ? <Badge tone={decisionTone[r.fallbackDecision]}>{r.fallbackDecision}</Badge> : "not recorded"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
