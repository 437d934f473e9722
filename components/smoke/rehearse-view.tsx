"use client";

import { useCan } from "@/components/auth/current-user";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useRef, useState } from "react";
import { ApiError, newIdempotencyKey } from "@/lib/api-client";
import { breakerLabel, clockUtc, type BreakersJson, type TargetBreaker } from "@/lib/smoke/breaker-schema";
import { breakersQuery, rehearsalQuery, runQuery, startRehearsalRequest, startRunRequest } from "@/lib/smoke/queries";
import { BreakerBadge, BudgetUse, ResetBreakerButton } from "@/components/smoke/breaker-status";
import { ERROR_SCENARIO_LABELS, ERROR_SCENARIOS, REPLAY_STATUSES, type ErrorScenario } from "@/lib/smoke/constants";
import type { Target } from "@/lib/targets/schema";
import { DecisionsForm } from "@/components/smoke/decisions-form";
import { RunPanel } from "@/components/smoke/run-panel";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";

type Mode = "rehearsal" | "happy" | "error";

export function RehearseView({ targets, initialBreakers }: { targets: Target[]; initialBreakers: BreakersJson }) {
  const canRun = useCan("operator");
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const rehearsalId = params.get("rehearsal");
  const runId = params.get("run") ? Number(params.get("run")) : null;

  const defaultTarget = targets.find((t) => t.role === "primary") ?? targets[0];
  const [targetId, setTargetId] = useState(defaultTarget?.id ?? "");
  const [mode, setMode] = useState<Mode>("rehearsal");
  const [scenario, setScenario] = useState<ErrorScenario>("missing_credential");
  const [replayStatus, setReplayStatus] = useState("503");
  // null: the target's own choice; true/false: this run's.
  const [streamChoice, setStreamChoice] = useState<boolean | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  // NOTE: one click, one run (issue 9.8). React disables the button only on
  // the next render, so a double-click's second submit is stopped by this
  // ref, synchronously; and the click's Idempotency-Key is kept until the
  // start settles, so a repeat that did get through starts nothing.
  const inFlight = useRef<string | null>(null);
  // After Run, focus moves to the result it started (keyboard and screen-reader users land on it).
  const focusResult = useRef(false);
  const resultRef = useCallback((el: HTMLElement | null) => {
    if (el && focusResult.current) {
      focusResult.current = false;
      el.focus();
    }
  }, []);
  const start = useMutation({
    mutationFn: async (idempotencyKey: string) => {
      const replay = scenario === "replay_status" ? Number(replayStatus) : undefined;
      const stream = streamChoice ?? undefined;
      if (mode === "rehearsal") {
        const r = await startRehearsalRequest({ targetId, errorScenario: scenario, replayStatus: replay, stream }, idempotencyKey);
        return `rehearsal=${r.id}`;
      }
      const r = await startRunRequest(
        mode === "happy" ? { targetId, path: "happy", stream } : { targetId, path: "error", errorScenario: scenario, replayStatus: replay, stream },
        idempotencyKey,
      );
      return `run=${r.id}`;
    },
    onSuccess: (query) => {
      setFormError(null);
      focusResult.current = true;
      router.replace(`${pathname}?${query}`, { scroll: false });
    },
    onError: (err) => setFormError(err instanceof ApiError ? err.message : "Could not reach the server."),
    onSettled: () => {
      inFlight.current = null;
    },
  });

  const rehearsal = useQuery({ ...rehearsalQuery(rehearsalId ?? ""), enabled: !!rehearsalId });
  // The form shows the plan of the rehearsal on screen (opened from a link or History): its target and
  // scenario, once per rehearsal, so "Run" repeats what is shown unless the operator changes it.
  const [formFrom, setFormFrom] = useState<string | null>(null);
  const shown = rehearsal.data;
  if (shown && shown.id !== formFrom) {
    setFormFrom(shown.id);
    setMode("rehearsal");
    setScenario(shown.errorScenario);
    if (shown.targetId && targets.some((t) => t.id === shown.targetId)) setTargetId(shown.targetId);
  }
  const single = useQuery({ ...runQuery(runId ?? 0), enabled: runId !== null && !Number.isNaN(runId) });
  const running = start.isPending || rehearsal.data?.state === "running" || single.data?.state === "running";
  const target = targets.find((t) => t.id === targetId);
  const { data: breakers } = useQuery({ ...breakersQuery(), initialData: initialBreakers });
  const breaker = breakers.items.find((b) => b.targetId === targetId);

  if (targets.length === 0) {
    return (
      <>
        <PageHeader title="Rehearse" />
        <EmptyState title="No targets to rehearse against" action={<Link className="btn-primary" href="/targets">Add a target</Link>}>
          The sandbox targets are seeded on start; add your provider, gateway or fallback path on the Targets page.
        </EmptyState>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Rehearse"
        description="Run one happy-path and one controlled error-path check on a target."
        guide="The guide's evidence rehearsal, run from this server at the request boundary. Attempts appear as they happen; nothing but sanitized metadata is kept."
      />
      <form
        className="card p-5"
        aria-label="Rehearsal plan"
        onSubmit={(e) => {
          e.preventDefault();
          if (!targetId) return setFormError("Pick a target.");
          if (inFlight.current || running) return;
          inFlight.current = newIdempotencyKey();
          start.mutate(inFlight.current);
        }}
      >
        <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
          <Field
            label="Target"
            hint={target ? `${target.environmentLabel} · ${target.model} · credential ${target.credentialConfigured ? "configured" : "not configured"}${target.fallbackTargetName ? ` · fallback ${target.fallbackTargetName}` : " · no fallback"}` : undefined}
          >
            {(a11y) => (
              <select {...a11y} name="targetId" className="input" value={targetId} onChange={(e) => (setTargetId(e.target.value), setStreamChoice(null))}>
                {targets.map((t) => (
                  <option key={t.id} value={t.id}>{t.name} ({t.role})</option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Error scenario" hint={ERROR_SCENARIO_LABELS[scenario]}>
            {(a11y) => (
              <select {...a11y} name="errorScenario" className="input" value={scenario} onChange={(e) => setScenario(e.target.value as ErrorScenario)} disabled={mode === "happy"}>
                {ERROR_SCENARIOS.map((s) => (
                  <option key={s} value={s}>{s}</option>
                ))}
              </select>
            )}
          </Field>
          {scenario === "replay_status" && mode !== "happy" ? (
            <Field label="Status to replay" hint="Replayed through the sandbox with this target's retry policy.">
              {(a11y) => (
                <select {...a11y} name="replayStatus" className="input" value={replayStatus} onChange={(e) => setReplayStatus(e.target.value)}>
                  {REPLAY_STATUSES.map((s) => (
                    <option key={s} value={s}>{s}</option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
        </div>
        <div className="mt-4 text-sm">
          <label className="inline-flex items-center gap-2">
            <input
              type="checkbox"
              name="stream"
              className="accent-sky-700"
              aria-describedby="stream-hint"
              checked={streamChoice ?? target?.stream ?? false}
              onChange={(e) => setStreamChoice(e.target.checked)}
            />
            Stream <span className="mono">(stream: true)</span>
          </label>
          <p id="stream-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            Reads the event stream: first byte and token, chunk count, how it ended. The streamed text is counted, never kept or shown.
            {target ? ` Default for ${target.name}: ${target.stream ? "stream" : "no stream"}.` : ""}
          </p>
        </div>
        {breaker && target ? <BreakerNotice target={target} breaker={breaker} mode={mode} scenario={scenario} /> : null}
        <fieldset className="mt-4">
          <legend className="field-label">What to run</legend>
          <div className="mt-2 flex flex-wrap gap-4 text-sm">
            {(
              [
                ["rehearsal", "Rehearsal (happy + error path)"],
                ["happy", "Happy path only"],
                ["error", "Error path only"],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="inline-flex items-center gap-2">
                <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => setMode(value)} className="accent-sky-700" />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="mt-5 flex flex-wrap items-center gap-3">
          {canRun ? (
            <button type="submit" className="btn-primary" disabled={running}>
              {start.isPending ? "Starting…" : running ? "Running…" : mode === "rehearsal" ? "Run rehearsal" : "Run smoke test"}
            </button>
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">Viewers read records and mark rehearsals reviewed; running needs the Operator role.</p>
          )}
          {formError ? <p role="alert" className="text-sm text-red-700 dark:text-red-400">{formError}</p> : null}
        </div>
      </form>

      {rehearsalId ? (
        <section key={rehearsalId} ref={resultRef} tabIndex={-1} className="mt-6 space-y-4 focus:outline-none focus-visible:outline-2" aria-label="Rehearsal results" data-testid="run-result">
          {rehearsal.isError ? (
            <p role="alert" className="text-sm text-red-700">This rehearsal could not be loaded.</p>
          ) : (
            <>
              <div className="grid grid-cols-1 gap-4">
                <RunPanel title="Happy path" run={rehearsal.data?.happy ?? null} waitingLabel="Starting…" />
                <RunPanel
                  title="Error path"
                  run={rehearsal.data?.error ?? null}
                  waitingLabel={`Waits for the happy path, then runs ${rehearsal.data?.errorScenario ?? "the error scenario"}.`}
                />
              </div>
              {rehearsal.data && rehearsal.data.state !== "running" ? (
                <>
                  <DecisionsForm key={rehearsal.data.id} rehearsal={rehearsal.data} />
                  <div className="card flex flex-wrap items-center justify-between gap-3 p-4">
                    <p className="text-sm">Rehearsal finished. Turn it into an escalation packet, or keep it for the team’s history.</p>
                    <Link className="btn-primary" href={`/packets?rehearsalId=${rehearsal.data.id}`}>Create packet from this rehearsal</Link>
                  </div>
                </>
              ) : null}
            </>
          )}
        </section>
      ) : null}
      {runId !== null && !rehearsalId ? (
        <section key={runId} ref={resultRef} tabIndex={-1} className="mt-6 focus:outline-none focus-visible:outline-2" aria-label="Smoke test result" data-testid="run-result">
          <RunPanel title={single.data?.path === "error" ? "Error path" : "Happy path"} run={single.data ?? null} waitingLabel="Starting…" />
        </section>
      ) : null}
    </>
  );
}

/**
 * The selected target's breaker and budget, and — before anything runs —
 * whether an open breaker would decide a path instead of the provider.
 */
function BreakerNotice({ target, breaker, mode, scenario }: { target: Target; breaker: TargetBreaker; mode: Mode; scenario: ErrorScenario }) {
  const replayed = scenario === "forced_timeout" || scenario === "replay_status";
  // Sandbox replays have their own breaker; the other scenarios go to the target itself.
  const errorBreaker = replayed ? breaker.sandboxReplay.breaker : breaker.breaker;
  const blocks = (b: TargetBreaker["breaker"]) => b.state === "open" || (b.state === "half_open" && b.probeInFlight);
  const paths: string[] = [];
  if (mode !== "error" && blocks(breaker.breaker)) paths.push("happy path");
  if (mode !== "happy" && blocks(errorBreaker)) paths.push(`error path (${scenario})`);
  const decisive = mode === "happy" ? breaker.breaker : mode === "error" ? errorBreaker : blocks(breaker.breaker) ? breaker.breaker : errorBreaker;
  return (
    <div className="mt-4 space-y-2" data-testid="breaker-notice">
      <p className="flex flex-wrap items-center gap-2 text-xs text-slate-700 dark:text-slate-300">
        <BreakerBadge breaker={breaker.breaker} />
        {replayed && mode !== "happy" ? <span>sandbox replays: {breakerLabel(breaker.sandboxReplay.breaker)}</span> : null}
        <BudgetUse budget={breaker.budget} />
      </p>
      {paths.length > 0 ? (
        <div role="status" className="flex flex-wrap items-center gap-3 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <p className="min-w-0 flex-1">
            {decisive.state === "open"
              ? `The circuit breaker has been open${decisive.openedAt ? ` since ${clockUtc(decisive.openedAt)}` : ""}; the next probe is allowed at ${decisive.nextProbeAt ? clockUtc(decisive.nextProbeAt) : "the end of its open period"}. `
              : "The circuit breaker is half-open and another run is sending its one probe. "}
            Started now, the {paths.join(" and the ")} would be recorded as stopped by the breaker (no request sent), not as the provider&apos;s answer. Wait for the next probe, or reset the breaker.
          </p>
          <ResetBreakerButton targetId={target.id} targetName={target.name} breaker={decisive} />
        </div>
      ) : null}
    </div>
  );
}
