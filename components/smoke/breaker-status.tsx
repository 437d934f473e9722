"use client";

import { useCan } from "@/components/auth/current-user";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "@/lib/api-client";
import { breakerLabel, clockUtc, type BreakerActionJson, type BreakerViewJson, type TargetBreaker } from "@/lib/smoke/breaker-schema";
import { breakerKeys, resetBreakerRequest } from "@/lib/smoke/queries";
import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONE: Record<BreakerViewJson["state"], BadgeTone> = { closed: "pass", open: "fail", half_open: "warn" };

export function BreakerBadge({ breaker }: { breaker: BreakerViewJson }) {
  return (
    <span data-testid="breaker-state">
      <Badge
        tone={TONE[breaker.state]}
        title={breaker.openedAt ? `Open since ${clockUtc(breaker.openedAt)} after consecutive availability failures` : `${breaker.consecutiveFailures} consecutive availability failures`}
      >
        breaker {breakerLabel(breaker)}
      </Badge>
    </span>
  );
}

export function BudgetUse({ budget }: { budget: TargetBreaker["budget"] }) {
  return (
    <span data-testid="retry-budget">
      retries {budget.retriesUsed} of {budget.retriesAllowed} used in the last {budget.windowMs / 1000} s
    </span>
  );
}

/** Closes the target's breaker now; recorded as an action with its time. */
export function ResetBreakerButton({ targetId, targetName, breaker }: { targetId: string; targetName: string; breaker: BreakerViewJson }) {
  const queryClient = useQueryClient();
  const reset = useMutation({
    mutationFn: () => resetBreakerRequest(targetId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: breakerKeys.all }),
  });
  const canReset = useCan("operator");
  if (!canReset || (breaker.state === "closed" && !reset.isPending)) return null;
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => reset.mutate()} disabled={reset.isPending} aria-label={`Reset the breaker of ${targetName}`}>
        {reset.isPending ? "Resetting…" : "Reset breaker"}
      </button>
      {reset.error ? <span role="alert" className="field-error">{reset.error instanceof ApiError ? reset.error.message : "Reset failed."}</span> : null}
    </span>
  );
}

export function BreakerActionsTable({ actions }: { actions: BreakerActionJson[] }) {
  return (
    <section className="card mt-6 p-4" aria-labelledby="breaker-actions-title">
      <h2 id="breaker-actions-title" className="text-sm font-semibold">Breaker actions</h2>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        Operator resets of a target&apos;s circuit breaker, newest first (times in UTC). A reset closes the breaker at once; the retry budget&apos;s window runs out by itself.
      </p>
      {actions.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">No breaker has been reset.</p>
      ) : (
        <div className="mt-3 relative overflow-x-auto">
          <table className="w-full min-w-[36rem]">
            <caption className="sr-only">Breaker actions</caption>
            <thead className="border-b border-slate-200 dark:border-slate-800">
              <tr>
                <th scope="col" className="table-th">Time</th>
                <th scope="col" className="table-th">Target</th>
                <th scope="col" className="table-th">Action</th>
                <th scope="col" className="table-th">Breaker before</th>
                <th scope="col" className="table-th">By</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {actions.map((a) => (
                <tr key={a.id} data-testid="breaker-action-row">
                  <td className="table-td mono text-xs">{a.at.replace("T", " ").replace(/\.\d{3}Z$/, " UTC")}</td>
                  <td className="table-td text-sm">{a.targetName}</td>
                  <td className="table-td text-sm">{a.action}</td>
                  <td className="table-td text-sm">
                    {a.stateBefore.replace("_", "-")}
                    {a.openedAt ? <span className="text-xs text-slate-600 dark:text-slate-400"> (open since {clockUtc(a.openedAt)})</span> : null}
                  </td>
                  <td className="table-td text-sm">{a.actor === "dashboard" ? "operator (dashboard)" : a.actor === "api" ? "API" : a.actor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
