"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { ApiError } from "@/lib/api-client";
import { zodIssues } from "@/lib/errors";
import { CHANNEL_KINDS, createChannelRequest, notifyKeys, updateChannelRequest, type Channel, type ChannelKind } from "@/components/notify/queries";
import { ChannelCreateSchema, type ChannelCreate } from "@/lib/notify/schema";

const KIND_LABELS: Record<ChannelKind, string> = { webhook: "Signed webhook", slack: "Slack-compatible webhook", email: "Email (SMTP)" };
type Values = { kind: ChannelKind; name: string; url: string; signingSecretEnv: string; urlEnv: string; to: string };

const splitRecipients = (s: string) => s.split(/[\s,;]+/).filter(Boolean);

/** Add or edit a channel. Secrets are never typed here: only the names of the variables that hold them. */
export function ChannelForm({ channel, onDone }: { channel?: Channel; onDone: () => void }) {
  const qc = useQueryClient();
  const [values, setValues] = useState<Values>({
    kind: channel?.kind ?? "webhook",
    name: channel?.name ?? "",
    url: channel?.url ?? "",
    signingSecretEnv: channel?.signingSecretEnv ?? "",
    urlEnv: channel?.urlEnv ?? "",
    to: (channel?.to ?? []).join(", "),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const title = channel ? `Edit ${channel.name}` : "Add a channel";

  const save = useMutation({
    mutationFn: (input: ChannelCreate) => {
      if (!channel) return createChannelRequest(input);
      // NOTE: a PATCH names only what the form edits; the kind never changes and "Enabled" has its own switch.
      const { kind: _kind, enabled: _enabled, ...patch } = input;
      return updateChannelRequest(channel.id, patch);
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: notifyKeys.channels });
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
    // The route's own schema (lib/notify/schema.ts), one object per kind.
    const { kind, name } = values;
    const input =
      kind === "webhook" ? { kind, name, url: values.url, signingSecretEnv: values.signingSecretEnv } : kind === "slack" ? { kind, name, urlEnv: values.urlEnv } : { kind, name, to: splitRecipients(values.to) };
    const parsed = ChannelCreateSchema.safeParse(input);
    if (!parsed.success) {
      const fe: Record<string, string> = {};
      for (const issue of zodIssues(parsed.error)) fe[issue.path.split(".")[0]] ??= issue.message;
      setErrors(fe);
      setFormError("Fix the highlighted fields.");
      return;
    }
    setErrors({});
    save.mutate(parsed.data);
  }

  const set = (key: keyof Values) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setValues((v) => ({ ...v, [key]: e.target.value }));
  const text = (key: keyof Values, props: React.InputHTMLAttributes<HTMLInputElement> = {}) =>
    function Render(a11y: { id: string; "aria-invalid": boolean | undefined; "aria-describedby": string | undefined }) {
      return <input {...a11y} name={key} className="input" value={values[key]} onChange={set(key)} autoComplete="off" {...props} />;
    };

  return (
    <form onSubmit={submit} noValidate className="card p-5" aria-label={title}>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-base font-semibold">{title}</h3>
        <p className="text-xs text-slate-600 dark:text-slate-400">Secrets stay in environment variables; enter the variable&apos;s name.</p>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Kind" error={errors.kind} hint={channel ? "The kind of a channel does not change; add a new one instead." : undefined}>
          {(a11y) => (
            <select {...a11y} name="kind" className="input" value={values.kind} onChange={set("kind")} disabled={!!channel}>
              {CHANNEL_KINDS.map((k) => (
                <option key={k} value={k}>{KIND_LABELS[k]}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Name" error={errors.name}>{text("name", { placeholder: "On-call webhook" })}</Field>
        {values.kind === "webhook" ? (
          <>
            <Field label="Webhook URL" error={errors.url} hint="Receives a signed JSON POST. Private and loopback addresses only when listed in the egress allow-list." className="md:col-span-2">
              {text("url", { placeholder: "https://hooks.example.com/evidence", inputMode: "url", spellCheck: false })}
            </Field>
            <Field label="Signing secret variable name" error={errors.signingSecretEnv} hint="Must start with NOTIFY_. Each request is signed with its value (X-Evidence-Signature, HMAC-SHA256).">
              {text("signingSecretEnv", { placeholder: "NOTIFY_WEBHOOK_SECRET", spellCheck: false })}
            </Field>
          </>
        ) : null}
        {values.kind === "slack" ? (
          <Field label="Slack URL variable name" error={errors.urlEnv} hint="Must start with NOTIFY_. The variable holds the Slack incoming-webhook URL, which is a credential.">
            {text("urlEnv", { placeholder: "NOTIFY_SLACK_URL", spellCheck: false })}
          </Field>
        ) : null}
        {values.kind === "email" ? (
          <Field label="Recipients" error={errors.to} hint="Up to 10 addresses, separated by commas. The mail server comes from SMTP_URL and SMTP_FROM." className="md:col-span-2">
            {(a11y) => <textarea {...a11y} name="to" rows={2} className="input" value={values.to} onChange={set("to")} placeholder="oncall@example.com, lead@example.com" />}
          </Field>
        ) : null}
      </div>
      <div className="mt-5 flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : channel ? "Save changes" : "Add channel"}
        </button>
        <button type="button" className="btn-ghost" onClick={onDone} disabled={save.isPending}>
          Cancel
        </button>
        {formError ? <p role="alert" className="text-sm text-red-700 dark:text-red-400">{formError}</p> : null}
      </div>
    </form>
  );
}
