"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { useCan } from "@/components/auth/current-user";
import { RunPanel } from "@/components/smoke/run-panel";
import { ApiError, newIdempotencyKey } from "@/lib/api-client";
import { runQuery, startRunRequest } from "@/lib/smoke/queries";
import { runAgainInput } from "@/lib/smoke/run-again";
import type { RunJson } from "@/lib/smoke/schema";

/**
 * "Run again" on a record: a new run with the record's target, path, scenario
 * and stream choice through POST /api/runs (operators and above; the server
 * checks the role again). The new run is shown live here, then its record opens.
 */
export function RunAgain({ run }: { run: RunJson }) {
  const canRun = useCan("operator");
  const router = useRouter();
  const [newId, setNewId] = useState<number | null>(null);
  // One click, one run (as on Rehearse): the ref stops a double-click before React re-renders.
  const inFlight = useRef(false);
  const start = useMutation({
    mutationFn: () => startRunRequest(runAgainInput(run), newIdempotencyKey()),
    onSuccess: (r) => setNewId(r.id),
    onSettled: () => {
      inFlight.current = false;
    },
  });
  const started = useQuery({ ...runQuery(newId ?? 0), enabled: newId !== null });
  const finished = started.data && started.data.state !== "running" ? started.data.id : null;
  useEffect(() => {
    if (finished !== null) router.push(`/records/${finished}?again=${run.id}`);
  }, [finished, router, run.id]);
  // Focus moves to the new run's progress as it appears.
  const focusOnMount = useCallback((el: HTMLElement | null) => el?.focus(), []);

  if (!canRun) return null;
  const gone = run.targetId === null;
  const busy = start.isPending || newId !== null;
  return (
    <div className="mb-5 space-y-3" data-testid="run-again">
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          className="btn-primary"
          disabled={gone || busy}
          aria-describedby="run-again-hint"
          onClick={() => {
            if (inFlight.current || busy) return;
            inFlight.current = true;
            start.mutate();
          }}
        >
          {start.isPending ? "Starting…" : newId !== null ? "Running…" : "Run again"}
        </button>
        <p id="run-again-hint" className="min-w-0 flex-1 text-xs text-slate-600 dark:text-slate-400">
          {gone
            ? "Not available: the target of this record was deleted."
            : `A new record on ${run.targetName}: ${run.path} path${run.errorScenario ? ` · ${run.errorScenario}${run.replayStatus ? ` ${run.replayStatus}` : ""}` : ""}${run.record.stream ? " · stream" : ""}, with the target's current retry policy and fallback.`}
        </p>
      </div>
      {start.isError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">{start.error instanceof ApiError ? start.error.message : "Could not reach the server."}</p>
      ) : null}
      {newId !== null ? (
        <section ref={focusOnMount} tabIndex={-1} aria-label="Run again: new record" className="focus:outline-none focus-visible:outline-2">
          <RunPanel title={run.path === "error" ? "Error path" : "Happy path"} run={started.data ?? null} waitingLabel="Starting…" />
        </section>
      ) : null}
    </div>
  );
}

/** On the new record: where it came from; focused when it opens, so keyboard and screen-reader users land on it. */
export function RunAgainOrigin({ fromId, fromTestId }: { fromId: number; fromTestId: string }) {
  const focusOnMount = useCallback((el: HTMLElement | null) => el?.focus(), []);
  return (
    <p ref={focusOnMount} tabIndex={-1} role="status" className="mb-4 rounded border border-sky-200 bg-sky-50 p-3 text-sm text-sky-950 focus:outline-none focus-visible:outline-2 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100" data-testid="run-again-origin">
      Finished: this record is a new run of <Link className="mono underline underline-offset-2" href={`/records/${fromId}`}>{fromTestId}</Link>.
    </p>
  );
}
