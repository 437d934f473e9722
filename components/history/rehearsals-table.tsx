import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { fmtUtc } from "@/lib/history/format";
import type { RehearsalListItem } from "@/lib/history/schema";

function Result({ value, running }: { value: "pass" | "fail" | null; running: boolean }) {
  if (value) return <Badge tone={value}>{value}</Badge>;
  return <Badge>{running ? "running" : "not recorded"}</Badge>;
}

export function RehearsalsTable({ items }: { items: RehearsalListItem[] }) {
  return (
    <div className="card relative overflow-x-auto">
      <table className="w-full min-w-[56rem]" data-testid="history-rehearsals">
        <caption className="sr-only">Rehearsals, newest first</caption>
        <thead className="border-b border-slate-200 dark:border-slate-800">
          <tr>
            <th scope="col" className="table-th">Started</th>
            <th scope="col" className="table-th">Target</th>
            <th scope="col" className="table-th">Happy path</th>
            <th scope="col" className="table-th">Error path</th>
            <th scope="col" className="table-th">Three decisions</th>
            <th scope="col" className="table-th">Packet</th>
            <th scope="col" className="table-th">Review</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {items.map((r) => (
            <tr key={r.id} data-testid="rehearsal-row" data-reviewed={r.reviewedAt ? "yes" : "no"}>
              <td className="table-td whitespace-nowrap tabular-nums">
                {fmtUtc(r.startedAt)}
                <div className="mt-0.5 text-xs">
                  {r.trigger === "scheduled" ? <Badge tone="info">scheduled</Badge> : <span className="text-slate-600 dark:text-slate-400">{r.trigger}</span>}
                  {r.startedBy && r.startedBy.kind !== "schedule" ? <span className="text-slate-600 dark:text-slate-400" data-testid="rehearsal-started-by"> · by {r.startedBy.label}</span> : null}
                </div>
              </td>
              <td className="table-td">{r.targetName}</td>
              <td className="table-td"><Result value={r.happyResult} running={r.state === "running"} /></td>
              <td className="table-td">
                <Result value={r.errorResult} running={r.state === "running"} />
                <div className="mono mt-0.5 text-xs text-slate-600 dark:text-slate-400">{r.errorScenario}</div>
              </td>
              <td className="table-td">
                <Badge tone={r.decisionsRecorded === 3 ? "pass" : r.decisionsRecorded === 0 ? "fail" : "warn"}>
                  {r.decisionsRecorded === 3 ? "all 3 recorded" : `${r.decisionsRecorded} of 3 recorded`}
                </Badge>
              </td>
              <td className="table-td text-sm">
                {r.packet ? (
                  <Link className="text-sky-800 hover:underline dark:text-sky-300" href={`/packets/${r.packet.id}`}>
                    {r.packet.title}
                  </Link>
                ) : (
                  <span className="text-slate-600 dark:text-slate-400">none</span>
                )}
              </td>
              <td className="table-td">
                <Link className={`whitespace-nowrap ${r.reviewedAt ? "btn-ghost" : "btn-secondary"}`} href={`/history/rehearsals/${r.id}`} aria-label={`${r.reviewedAt ? "Open reviewed" : "Review"} rehearsal of ${fmtUtc(r.startedAt)} on ${r.targetName}`}>
                  {r.reviewedAt ? "Reviewed ✓" : "Review →"}
                </Link>
                {r.reviewedBy ? <div className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">by {r.reviewedBy.label}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
