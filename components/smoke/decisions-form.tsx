"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError } from "@/lib/api-client";
import { saveDecisionsRequest, smokeKeys } from "@/lib/smoke/queries";
import { REHEARSAL_DECISIONS } from "@/lib/smoke/constants";
import type { RehearsalJson } from "@/lib/smoke/schema";
import { Field } from "@/components/ui/field";

const VALUE_KEY = { decisionSafeIdentifier: "safeIdentifier", decisionAccountFacts: "accountFacts", decisionHoldFallback: "holdFallback" } as const;

/**
 * The guide's three rehearsal decisions, editable later — on the Rehearse page
 * and on the lead's review page (`refreshOnSave`: the server-rendered page
 * re-reads its "N of 3 recorded").
 */
export function DecisionsForm({
  rehearsal,
  refreshOnSave = false,
  labelledBy,
}: {
  rehearsal: Pick<RehearsalJson, "id" | "decisions">;
  refreshOnSave?: boolean;
  /** Inside a page section that already has the heading: no card or heading of its own. */
  labelledBy?: string;
}) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(REHEARSAL_DECISIONS.map((d) => [d.key, rehearsal.decisions[VALUE_KEY[d.key]] ?? ""])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => saveDecisionsRequest(rehearsal.id, values),
    onSuccess: (data) => {
      setErrors({});
      queryClient.setQueryData(smokeKeys.rehearsal(rehearsal.id), data);
      if (refreshOnSave) router.refresh();
    },
    onError: (err) => setErrors(err instanceof ApiError ? err.fieldErrors() : { form: "Could not save. Your text is kept; try again." }),
  });
  return (
    <form
      className={labelledBy ? undefined : "card p-4"}
      aria-labelledby={labelledBy ?? "decisions-title"}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      {labelledBy ? null : (
        <>
          <h3 id="decisions-title" className="text-sm font-semibold">The rehearsal’s three decisions</h3>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            The guide ends every rehearsal with these. Short answers make the next escalation faster.
          </p>
        </>
      )}
      <div className="mt-3 grid gap-4">
        {REHEARSAL_DECISIONS.map((d) => (
          <Field key={d.key} label={d.label} error={errors[d.key]}>
            {(a11y) => (
              <textarea
                {...a11y}
                name={d.key}
                rows={2}
                className="input"
                value={values[d.key]}
                onChange={(e) => setValues((v) => ({ ...v, [d.key]: e.target.value }))}
                placeholder="Not recorded yet"
              />
            )}
          </Field>
        ))}
      </div>
      <div className="mt-3 flex items-center gap-3">
        <button type="submit" className="btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save decisions"}
        </button>
        <span aria-live="polite" className="text-sm text-slate-600 dark:text-slate-400">
          {save.isSuccess && !save.isPending ? "Saved." : errors.form ?? ""}
        </span>
      </div>
    </form>
  );
}
