import type { Attempt } from "@/lib/smoke/schema";
import { DecisionBadge, StatusBadge } from "@/components/smoke/badges";

/** One row per HTTP attempt: status, error class, duration, wait, decision and the rule that decided. */
export function AttemptTable({ attempts, caption }: { attempts: Attempt[]; caption: string }) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[44rem]">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 dark:border-slate-800">
          <tr>
            <th scope="col" className="table-th">#</th>
            <th scope="col" className="table-th">Target</th>
            <th scope="col" className="table-th">Status</th>
            <th scope="col" className="table-th">Error class</th>
            <th scope="col" className="table-th text-right">Duration</th>
            <th scope="col" className="table-th text-right">Wait</th>
            <th scope="col" className="table-th">Decision</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="attempt-rows">
          {attempts.map((a) => (
            <tr key={a.seq} data-testid="attempt-row">
              <td className="table-td mono">{a.seq + 1}</td>
              <td className="table-td">
                {a.targetName}
                <span className="ml-1 text-xs text-slate-500 dark:text-slate-400">({a.role})</span>
              </td>
              <td className="table-td">
                <StatusBadge family={a.statusFamily} code={a.statusCode} />
              </td>
              <td className="table-td mono">{a.errorClass === "none" ? "—" : a.errorClass}</td>
              <td className="table-td mono text-right">{a.durationMs} ms</td>
              <td className="table-td mono text-right">{a.waitMs ? `${a.waitMs} ms` : "—"}</td>
              <td className="table-td">
                <DecisionBadge decision={a.decision} />
                <div className="mt-0.5 max-w-[22rem] text-xs text-slate-600 dark:text-slate-400">{a.decisionRule}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
