"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useCan } from "@/components/auth/current-user";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { ApiError } from "@/lib/api-client";
import { fmtUtc } from "@/lib/history/format";
import { deleteScheduleRequest, setScheduleRequest } from "@/lib/history/queries";
import { checkCron, describeCron } from "@/lib/schedule/cron";
import type { Schedule } from "@/lib/schedule/schema";

const PRESETS = [
  { cron: "0 9 * * 1-5", label: "Weekdays 09:00" },
  { cron: "0 9 * * 1", label: "Mondays 09:00" },
  { cron: "0 */6 * * *", label: "Every 6 hours" },
];

const SLOT_TONE = { done: "pass", started: "info", claimed: "info", failed: "fail", missed: "warn", skipped: "neutral", interrupted: "fail" } as const;

export function ScheduleEditor({ schedule: s }: { schedule: Schedule }) {
  const router = useRouter();
  const [cron, setCron] = useState(s.cron ?? "");
  const [enabled, setEnabled] = useState(s.enabled);
  const check = cron.trim() ? checkCron(cron) : null;
  const preview = check?.ok ? describeCron(cron) : null;
  const m = useMutation({
    mutationFn: () => setScheduleRequest(s.targetId, { cron: cron.trim() || null, enabled }),
    onSuccess: () => router.refresh(),
  });
  const remove = useMutation({
    mutationFn: () => deleteScheduleRequest(s.targetId),
    onSuccess: () => (setCron(""), setEnabled(false), router.refresh()),
  });
  const isAdmin = useCan("admin");
  const err = m.error instanceof ApiError ? m.error : null;
  const dirty = cron.trim() !== (s.cron ?? "") || enabled !== s.enabled;

  return (
    <li className="card p-4" data-testid="schedule-card" data-target-name={s.targetName}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 className="font-medium">{s.targetName}</h2>
          <p className="text-xs text-slate-600 dark:text-slate-400">{s.environmentLabel}</p>
        </div>
        <div className="flex gap-1">
          {s.enabled && s.cron ? <Badge tone="pass">scheduled</Badge> : s.cron ? <Badge tone="warn">paused</Badge> : <Badge>no schedule</Badge>}
          {s.missedLast7Days ? <Badge tone="warn">{s.missedLast7Days} missed in 7 days</Badge> : null}
        </div>
      </div>
      <form
        className="mt-3 grid gap-3 md:grid-cols-[1fr_auto_auto] md:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate();
        }}
      >
        <Field
          label="Cron expression (UTC)"
          hint={preview ? `Preview: ${preview}` : "Five fields: minute hour day-of-month month day-of-week."}
          error={err?.fieldErrors().cron ?? (check && !check.ok ? check.message : undefined)}
        >
          {(p) => <input {...p} className="input mono" value={cron} placeholder="0 9 * * 1-5" onChange={(e) => setCron(e.target.value)} />}
        </Field>
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} className="h-4 w-4" />
          Enabled
        </label>
        <button type="submit" className="btn-primary mb-0.5" disabled={m.isPending || !dirty || (check !== null && !check.ok) || (enabled && !cron.trim())}>
          {m.isPending ? "Saving…" : "Save schedule"}
        </button>
      </form>
      <div className="mt-2 flex flex-wrap gap-1">
        {PRESETS.map((p) => (
          <button
            key={p.cron}
            type="button"
            className="btn-ghost px-2 py-0.5 text-xs"
            aria-pressed={cron.trim() === p.cron}
            // NOTE: picking a preset means "run on this schedule": it turns Enabled on (issue 15); Save still applies it.
            onClick={() => (setCron(p.cron), setEnabled(true))}
          >
            {p.label}
          </button>
        ))}
      </div>
      {s.cron && isAdmin ? (
        <div className="mt-2">
          <ConfirmButton
            className="btn-ghost px-2 py-0.5 text-xs text-red-700 dark:text-red-400"
            label={remove.isPending ? "Deleting…" : "Delete schedule"}
            ariaLabel={`Delete the schedule of ${s.targetName}`}
            pending={remove.isPending}
            title={`Delete the schedule of ${s.targetName}?`}
            confirmLabel="Delete schedule"
            onConfirm={() => remove.mutate()}
          >
            No more scheduled rehearsals run on {s.targetName}. Rehearsals it already ran stay in History. To stop it for a while instead, clear Enabled and save: the schedule is then paused.
          </ConfirmButton>
        </div>
      ) : null}
      {remove.error ? <p role="alert" className="field-error">{remove.error instanceof ApiError ? remove.error.message : "Delete failed."}</p> : null}
      {err && !err.fieldErrors().cron ? (
        <p role="alert" className="field-error">
          {err.message}
        </p>
      ) : null}
      <div className="mt-3 grid gap-3 text-xs md:grid-cols-2">
        <div>
          <h3 className="font-semibold text-slate-700 dark:text-slate-300">Next slots</h3>
          {s.nextSlots.length ? (
            <ul className="mt-1 space-y-0.5 tabular-nums">
              {s.nextSlots.map((n) => (
                <li key={n}>{fmtUtc(n)}</li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-slate-600 dark:text-slate-400">{s.cron && !s.enabled ? "None: the schedule is paused." : "None: no schedule."}</p>
          )}
        </div>
        <div>
          <h3 className="font-semibold text-slate-700 dark:text-slate-300">Recent slots</h3>
          {s.recentSlots.length ? (
            <ul className="mt-1 space-y-0.5">
              {s.recentSlots.map((r) => (
                <li key={r.slot} className="flex flex-wrap items-center gap-2 tabular-nums" title={r.reason ?? undefined}>
                  {fmtUtc(r.slot)} <Badge tone={SLOT_TONE[r.status]}>{r.status}</Badge>
                  {r.rehearsalId ? (
                    <a className="text-sky-800 hover:underline dark:text-sky-300" href={`/history/rehearsals/${r.rehearsalId}`}>
                      rehearsal
                    </a>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-slate-600 dark:text-slate-400">No slot has come due yet.</p>
          )}
        </div>
      </div>
    </li>
  );
}
