"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { ApiError } from "@/lib/api-client";
import { fmtUtc } from "@/lib/history/format";
import { historyKeys, reviewRehearsalRequest } from "@/lib/history/queries";

export function ReviewForm({ id, reviewedAt, reviewedBy, comment, running }: { id: string; reviewedAt: string | null; reviewedBy: string | null; comment: string | null; running: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [text, setText] = useState(comment ?? "");
  const m = useMutation({
    mutationFn: (reviewed: boolean) => reviewRehearsalRequest(id, { reviewed, comment: text.trim() || null }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: historyKeys.all });
      router.refresh();
    },
  });
  const err = m.error instanceof ApiError ? m.error : null;

  return (
    <section aria-labelledby="review-heading" className="card p-4" data-testid="review-panel">
      <h2 id="review-heading" className="text-base font-semibold">
        Lead review
      </h2>
      {reviewedAt ? (
        <p className="mt-1 text-sm" data-testid="review-status">
          <span className="font-medium text-emerald-800 dark:text-emerald-300">Reviewed</span> {fmtUtc(reviewedAt)}
          {reviewedBy ? <span data-testid="reviewed-by"> by {reviewedBy}</span> : null}
          {comment ? <span className="block whitespace-pre-wrap text-slate-700 dark:text-slate-300">“{comment}”</span> : null}
        </p>
      ) : (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400" data-testid="review-status">
          Not reviewed yet. Check both records and the three decisions, then mark it reviewed.
        </p>
      )}
      <form
        className="mt-3 space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate(true);
        }}
      >
        <Field label="Review comment (optional)" hint="Sanitized text only — no credentials, raw prompts or responses." error={err?.fieldErrors().comment}>
          {(p) => <textarea {...p} className="input min-h-20" maxLength={1000} value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <div className="flex flex-wrap items-center gap-2">
          <button type="submit" className="btn-primary" disabled={m.isPending || running}>
            {m.isPending ? "Saving…" : reviewedAt ? "Update review" : "Mark reviewed"}
          </button>
          {reviewedAt ? (
            <button type="button" className="btn-ghost" disabled={m.isPending} onClick={() => m.mutate(false)}>
              Reopen
            </button>
          ) : null}
          {running ? <span className="text-sm text-slate-600 dark:text-slate-400">Still running: review it when both records are in.</span> : null}
        </div>
        {err && !err.fieldErrors().comment ? (
          <p role="alert" className="field-error">
            {err.message}
          </p>
        ) : null}
      </form>
    </section>
  );
}
