"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Field } from "@/components/ui/field";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { ApiError } from "@/lib/api-client";
import { zodIssues } from "@/lib/errors";
import {
  createRuleRequest, deleteRuleRequest, EVENT_LABELS, eventLabel, NOTIFY_EVENTS, notifyKeys, updateRuleRequest,
  type Channel, type NotifyEvent, type Rule,
} from "@/components/notify/queries";
import { RuleCreateSchema, type RuleCreate } from "@/lib/notify/schema";

// Field words for the route's schema (lib/notify/schema.ts), by issue path.
const FIELD_MESSAGES: Record<string, string> = { quietPeriodMinutes: "Whole minutes, 0 to 1440.", unreviewedDays: "Whole days, 1 to 90." };

const HINTS: Record<NotifyEvent, string> = {
  scheduled_rehearsal_failed: "A scheduled rehearsal ends with a result other than pass.",
  breaker_opened: "A target's circuit breaker opens.",
  rehearsal_unreviewed: "A rehearsal stays unreviewed this many days.",
  share_link_first_opened: "A reviewer opens a share link for the first time.",
  packet_ready: "A packet is marked ready.",
};

export function RulesSection({ rules, channels }: { rules: Rule[]; channels: Channel[] }) {
  const [editing, setEditing] = useState<"new" | string | null>(null);
  const nameOf = new Map(channels.map((c) => [c.id, c.name]));
  return (
    <section aria-labelledby="rules-h" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="rules-h" className="text-lg font-semibold">Rules</h2>
        <button type="button" className="btn-primary" onClick={() => setEditing("new")} disabled={editing === "new" || channels.length === 0}>
          Add rule
        </button>
      </div>
      {channels.length === 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">Add a channel first; a rule sends an event to channels.</p> : null}
      {editing === "new" ? <RuleForm key="new" channels={channels} onDone={() => setEditing(null)} /> : null}
      {rules.length === 0 && editing !== "new" && channels.length > 0 ? (
        <p className="card p-5 text-sm text-slate-600 dark:text-slate-400">No rules yet: nothing is sent except tests.</p>
      ) : null}
      <ul className="space-y-3">
        {rules.map((r) =>
          editing === r.id ? (
            <li key={r.id}>
              <RuleForm rule={r} channels={channels} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <RuleItem key={r.id} rule={r} channelNames={r.channelIds.map((id) => nameOf.get(id) ?? "deleted channel")} onEdit={() => setEditing(r.id)} />
          ),
        )}
      </ul>
    </section>
  );
}

function RuleItem({ rule: r, channelNames, onEdit }: { rule: Rule; channelNames: string[]; onEdit: () => void }) {
  const qc = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const onError = (e: unknown) => setProblem(e instanceof ApiError ? e.message : "Could not reach the server; try again.");
  const refresh = () => qc.invalidateQueries({ queryKey: notifyKeys.rules });
  const toggle = useMutation({ mutationFn: (enabled: boolean) => updateRuleRequest(r.id, { enabled }), onSuccess: refresh, onError });
  const del = useMutation({ mutationFn: () => deleteRuleRequest(r.id), onSuccess: refresh, onError });
  const label = eventLabel(r.event, r.unreviewedDays);
  return (
    <li className="card flex flex-col gap-3 p-4 lg:flex-row lg:items-center lg:justify-between" data-testid="rule-item" data-event={r.event}>
      <div className="min-w-0 space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="font-medium">{label}</h3>
          {!r.enabled ? <Badge>disabled</Badge> : null}
        </div>
        <p className="text-sm">
          <span className="text-slate-600 dark:text-slate-400">To </span>
          {channelNames.join(", ") || "no channel"}
          <span className="text-slate-600 dark:text-slate-400"> · quiet period {r.quietPeriodMinutes} min</span>
        </p>
      </div>
      <div className="flex shrink-0 flex-wrap items-center gap-2">
        <label className="inline-flex items-center gap-2 text-sm">
          <input type="checkbox" className="accent-sky-700" checked={toggle.isPending ? toggle.variables : r.enabled} disabled={toggle.isPending} onChange={(e) => toggle.mutate(e.target.checked)} aria-label={`Enabled: ${label}`} />
          Enabled
        </label>
        <button type="button" className="btn-secondary" onClick={onEdit} aria-label={`Edit rule ${label}`}>
          Edit
        </button>
        <ConfirmButton
          className="btn-ghost"
          label={del.isPending ? "Deleting…" : "Delete"}
          ariaLabel={`Delete rule ${label}`}
          pending={del.isPending}
          title={`Delete the rule “${label}”?`}
          confirmLabel="Delete rule"
          confirmAriaLabel={`Confirm delete rule ${label}`}
          onConfirm={() => del.mutate()}
        >
          This event stops sending to its channels. Deliveries already made stay in the log.
        </ConfirmButton>
      </div>
      {problem ? <p role="alert" className="field-error">{problem}</p> : null}
    </li>
  );
}

function RuleForm({ rule, channels, onDone }: { rule?: Rule; channels: Channel[]; onDone: () => void }) {
  const qc = useQueryClient();
  const [event, setEvent] = useState<NotifyEvent>(rule?.event ?? "scheduled_rehearsal_failed");
  const [channelIds, setChannelIds] = useState<string[]>(rule?.channelIds ?? []);
  const [quiet, setQuiet] = useState(String(rule?.quietPeriodMinutes ?? 30));
  const [days, setDays] = useState(String(rule?.unreviewedDays ?? 3));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const errorId = useId();
  const title = rule ? `Edit rule ${eventLabel(rule.event, rule.unreviewedDays)}` : "Add a rule";

  const save = useMutation({
    mutationFn: (input: RuleCreate) => {
      const body = { event: input.event, channelIds: input.channelIds, quietPeriodMinutes: input.quietPeriodMinutes, ...(input.event === "rehearsal_unreviewed" ? { unreviewedDays: input.unreviewedDays } : {}) };
      return rule ? updateRuleRequest(rule.id, body) : createRuleRequest(body);
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: notifyKeys.rules });
      onDone();
    },
    onError: (err) => {
      if (err instanceof ApiError) {
        setErrors(err.fieldErrors({ topLevel: true }));
        setFormError(err.message);
      } else setFormError("Could not reach the server. Your input is kept; try again.");
    },
  });

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const number = (v: string) => (v.trim() === "" ? NaN : Number(v));
    const parsed = RuleCreateSchema.safeParse({ event, channelIds, quietPeriodMinutes: number(quiet), unreviewedDays: event === "rehearsal_unreviewed" ? number(days) : (rule?.unreviewedDays ?? 3), enabled: rule?.enabled ?? true });
    const fe: Record<string, string> = {};
    if (!parsed.success) for (const issue of zodIssues(parsed.error)) fe[issue.path.split(".")[0]] ??= FIELD_MESSAGES[issue.path] ?? issue.message;
    // The API takes a rule with no channel (it sends nothing); the form asks for one.
    if (channelIds.length === 0) fe.channelIds = "Pick at least one channel.";
    if (!parsed.success || Object.keys(fe).length > 0) {
      setErrors(fe);
      setFormError("Fix the highlighted fields.");
      return;
    }
    setErrors({});
    save.mutate(parsed.data);
  }

  return (
    <form onSubmit={submit} noValidate className="card p-5" aria-label={title}>
      <h3 className="mb-4 text-base font-semibold">{title}</h3>
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="When" error={errors.event} hint={HINTS[event]}>
          {(a11y) => (
            <select {...a11y} name="event" className="input" value={event} onChange={(e) => setEvent(e.target.value as NotifyEvent)}>
              {NOTIFY_EVENTS.map((ev) => (
                <option key={ev} value={ev}>{EVENT_LABELS[ev]}</option>
              ))}
            </select>
          )}
        </Field>
        <fieldset aria-describedby={errors.channelIds ? errorId : undefined}>
          <legend className="field-label">Send to</legend>
          <div className="mt-1 flex flex-col gap-1.5">
            {channels.map((c) => (
              <label key={c.id} className="inline-flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="accent-sky-700"
                  checked={channelIds.includes(c.id)}
                  onChange={(e) => setChannelIds((ids) => (e.target.checked ? [...ids, c.id] : ids.filter((x) => x !== c.id)))}
                />
                <span className="break-all">{c.name}</span>
                {!c.enabled ? <span className="text-xs text-slate-600 dark:text-slate-400">(disabled)</span> : null}
              </label>
            ))}
          </div>
          {errors.channelIds ? <p id={errorId} role="alert" className="field-error">{errors.channelIds}</p> : null}
        </fieldset>
        <Field label="Quiet period (minutes)" error={errors.quietPeriodMinutes} hint="Repeats of the same event within this period are held and sent as one summary when it ends. 0 sends each one.">
          {(a11y) => <input {...a11y} name="quietPeriodMinutes" className="input" inputMode="numeric" value={quiet} onChange={(e) => setQuiet(e.target.value)} />}
        </Field>
        {event === "rehearsal_unreviewed" ? (
          <Field label="Days without review (N)" error={errors.unreviewedDays} hint="1 to 90 days.">
            {(a11y) => <input {...a11y} name="unreviewedDays" className="input" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />}
          </Field>
        ) : null}
      </div>
      <div className="mt-5 flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : rule ? "Save rule" : "Add rule"}
        </button>
        <button type="button" className="btn-ghost" onClick={onDone} disabled={save.isPending}>
          Cancel
        </button>
        {formError ? <p role="alert" className="text-sm text-red-700 dark:text-red-400">{formError}</p> : null}
      </div>
    </form>
  );
}
