"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "@/lib/api-client";
import { zodIssues } from "@/lib/errors";
import { createTargetRequest, targetKeys, updateTargetRequest } from "@/lib/targets/queries";
import { MAX_RETRY_CEILING, PROVIDER_PROFILE_LABELS, PROVIDER_PROFILES, TARGET_ROLES, TargetInputSchema, type Target } from "@/lib/targets/schema";

// NOTE: the shared budget's floor is the highest ceiling (docs/decisions/032).
const RETRY_BUDGET_FLOOR = MAX_RETRY_CEILING;
import { Field } from "@/components/ui/field";

type FormValues = Record<
  | "name" | "role" | "providerProfile" | "baseUrl" | "model" | "credentialEnvVar" | "environmentLabel"
  | "timeoutMs" | "maxTokens" | "retryCeiling" | "backoffBaseMs" | "backoffMaxMs" | "retryAfterCapMs" | "streamIdleTimeoutMs" | "fallbackTargetId",
  string
>;

function initialValues(target?: Target): FormValues {
  return {
    name: target?.name ?? "",
    role: target?.role ?? "primary",
    providerProfile: target?.providerProfile ?? "openai-compatible",
    baseUrl: target?.baseUrl ?? "",
    model: target?.model ?? "",
    credentialEnvVar: target?.credentialEnvVar ?? "",
    environmentLabel: target?.environmentLabel ?? "staging",
    timeoutMs: String(target?.timeoutMs ?? 10000),
    maxTokens: String(target?.maxTokens ?? 256),
    retryCeiling: String(target?.retryCeiling ?? 2),
    backoffBaseMs: String(target?.backoffBaseMs ?? 200),
    backoffMaxMs: String(target?.backoffMaxMs ?? 2000),
    retryAfterCapMs: String(target?.retryAfterCapMs ?? 5000),
    streamIdleTimeoutMs: String(target?.streamIdleTimeoutMs ?? 5000),
    fallbackTargetId: target?.fallbackTargetId ?? "",
  };
}

export function TargetForm({ target, targets, onDone }: { target?: Target; targets: Target[]; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<FormValues>(() => initialValues(target));
  const [stream, setStream] = useState<boolean>(target?.stream ?? false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const mutation = useMutation({
    mutationFn: (input: unknown) =>
      target ? updateTargetRequest(target.id, input as never) : createTargetRequest(input as never),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: targetKeys.all });
      onDone();
    },
    onError: (err) => {
      if (err instanceof ApiError) {
        setErrors(err.fieldErrors());
        setFormError(err.message);
      } else {
        setFormError("Could not reach the server. Your input is kept; try again.");
      }
    },
  });

  const set = (key: keyof FormValues) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const parsed = TargetInputSchema.safeParse({ ...values, stream });
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of zodIssues(parsed.error)) fieldErrors[issue.path] ??= issue.message;
      setErrors(fieldErrors);
      setFormError("Fix the highlighted fields.");
      return;
    }
    setErrors({});
    mutation.mutate({ ...values, stream });
  }

  const fallbackOptions = targets.filter((t) => t.id !== target?.id);
  const input = (key: keyof FormValues, props: React.InputHTMLAttributes<HTMLInputElement> = {}) =>
    function Render(a11y: { id: string; "aria-invalid": boolean | undefined; "aria-describedby": string | undefined }) {
      return <input {...a11y} name={key} className="input" value={values[key]} onChange={set(key)} {...props} />;
    };

  return (
    <form onSubmit={submit} noValidate className="card p-5" aria-labelledby="target-form-title">
      <div className="mb-4 flex items-center justify-between">
        <h2 id="target-form-title" className="text-base font-semibold">
          {target ? `Edit ${target.name}` : "Add a target"}
        </h2>
        <p className="text-xs text-slate-600 dark:text-slate-400">Only the credential variable’s name is stored.</p>
      </div>

      <fieldset className="grid gap-4 md:grid-cols-2">
        <legend className="sr-only">Target</legend>
        <Field label="Name" error={errors.name}>{input("name", { placeholder: "CometAPI primary", autoFocus: true })}</Field>
        <Field label="Role" error={errors.role}>
          {(a11y) => (
            <select {...a11y} name="role" className="input" value={values.role} onChange={set("role")}>
              {TARGET_ROLES.map((r) => (
                <option key={r} value={r}>{r}</option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Base URL"
          error={errors.baseUrl}
          hint="Up to the API version, e.g. https://api.cometapi.com/v1. Link-local and cloud-metadata addresses are always refused; private and loopback addresses only when an administrator lists them in the egress allow-list."
          className="md:col-span-2"
        >
          {input("baseUrl", { placeholder: "https://api.example.com/v1", inputMode: "url" })}
        </Field>
        <Field label="Model" error={errors.model}>{input("model", { placeholder: "gpt-4o-mini" })}</Field>
        <Field label="Provider profile" error={errors.providerProfile} hint="Decides provider-specific retry and error rules.">
          {(a11y) => (
            <select {...a11y} name="providerProfile" className="input" value={values.providerProfile} onChange={set("providerProfile")}>
              {PROVIDER_PROFILES.map((p) => (
                <option key={p} value={p}>{PROVIDER_PROFILE_LABELS[p]}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Credential variable name" error={errors.credentialEnvVar} hint="The environment variable holding the key on the server, e.g. COMETAPI_KEY. Only variables listed in the server's EVIDENCE_CREDENTIAL_VARS may be named.">
          {input("credentialEnvVar", { placeholder: "COMETAPI_KEY", autoComplete: "off", spellCheck: false })}
        </Field>
        <Field label="Environment label" error={errors.environmentLabel}>{input("environmentLabel", { placeholder: "staging" })}</Field>
        <Field label="Fallback target" error={errors.fallbackTargetId} hint="Used only for availability failures that pass the retry rules.">
          {(a11y) => (
            <select {...a11y} name="fallbackTargetId" className="input" value={values.fallbackTargetId} onChange={set("fallbackTargetId")}>
              <option value="">None</option>
              {fallbackOptions.map((t) => (
                <option key={t.id} value={t.id}>{t.name}</option>
              ))}
            </select>
          )}
        </Field>
      </fieldset>

      <fieldset className="mt-5 grid gap-4 border-t border-slate-200 pt-4 sm:grid-cols-3 lg:grid-cols-7 dark:border-slate-800">
        <legend className="sr-only">Timeout and retry policy</legend>
        <p className="text-sm font-medium sm:col-span-3 lg:col-span-7">Timeout and retry policy</p>
        <Field label="Timeout (ms)" error={errors.timeoutMs}>{input("timeoutMs", { inputMode: "numeric" })}</Field>
        <Field label="Max tokens" error={errors.maxTokens}>{input("maxTokens", { inputMode: "numeric" })}</Field>
        <Field label="Retry ceiling" error={errors.retryCeiling}>{input("retryCeiling", { inputMode: "numeric" })}</Field>
        <Field label="Backoff base (ms)" error={errors.backoffBaseMs}>{input("backoffBaseMs", { inputMode: "numeric" })}</Field>
        <Field label="Backoff max (ms)" error={errors.backoffMaxMs}>{input("backoffMaxMs", { inputMode: "numeric" })}</Field>
        <Field label="Retry-After cap (ms)" error={errors.retryAfterCapMs}>{input("retryAfterCapMs", { inputMode: "numeric" })}</Field>
        <Field label="Stream idle limit (ms)" hint="No bytes for this long ends a stream" error={errors.streamIdleTimeoutMs}>{input("streamIdleTimeoutMs", { inputMode: "numeric" })}</Field>
        <label className="inline-flex items-center gap-2 self-end pb-2 text-sm">
          <input type="checkbox" name="stream" className="accent-sky-700" checked={stream} onChange={(e) => setStream(e.target.checked)} />
          Stream (<span className="mono">stream: true</span>)
        </label>
        <p className="text-xs text-slate-600 sm:col-span-3 lg:col-span-7 dark:text-slate-400" data-testid="ceiling-budget-note">
          Retry ceiling 0–{MAX_RETRY_CEILING}. A run alone on this target always reaches its ceiling. Runs that share a failing target share its retry budget ({RETRY_BUDGET_FLOOR} retries + 20 % of first attempts per 10 s) and its circuit breaker ({MAX_RETRY_CEILING + 1} consecutive availability failures open it for 5 s, then one probe).
        </p>
      </fieldset>

      <div className="mt-5 flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : target ? "Save changes" : "Add target"}
        </button>
        <button type="button" className="btn-ghost" onClick={onDone} disabled={mutation.isPending}>
          Cancel
        </button>
        {formError ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">{formError}</p>
        ) : null}
      </div>
    </form>
  );
}
