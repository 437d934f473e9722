"use client";

import { useCan } from "@/components/auth/current-user";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "@/lib/api-client";
import { deleteTargetRequest, targetKeys, targetsQuery } from "@/lib/targets/queries";
import type { BreakersJson, TargetBreaker } from "@/lib/smoke/breaker-schema";
import { breakersQuery } from "@/lib/smoke/queries";
import { BreakerActionsTable, BreakerBadge, BudgetUse, ResetBreakerButton } from "@/components/smoke/breaker-status";
import dynamic from "next/dynamic";
import { PROVIDER_PROFILE_LABELS } from "@/lib/targets/constants";
import type { Target } from "@/lib/targets/schema";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Spinner } from "@/components/ui/spinner";

// NOTE: the form (and zod, which validates it in the browser with the same
// schema as the route handler) loads when it is opened, not with the page.
const TargetForm = dynamic(() => import("@/components/targets/target-form").then((m) => m.TargetForm), {
  loading: () => <Spinner label="Loading the form…" />,
});

type Editing = { mode: "create" } | { mode: "edit"; target: Target } | null;

export function TargetsView({ initialTargets, initialBreakers }: { initialTargets: Target[]; initialBreakers: BreakersJson }) {
  const { data: targets = [] } = useQuery({ ...targetsQuery(), initialData: initialTargets });
  const { data: breakers } = useQuery({ ...breakersQuery(), initialData: initialBreakers });
  const breakerOf = new Map(breakers.items.map((b) => [b.targetId, b]));
  const [editing, setEditing] = useState<Editing>(null);
  const isAdmin = useCan("admin");

  return (
    <>
      <PageHeader
        title="Targets"
        description="The LLM API paths smoke tests run against."
        guide="Each target is one LLM API path: a base URL, a model and the name of the variable holding its credential. Smoke tests run against targets from this server, never from the browser."
        actions={
          isAdmin ? (
            <button type="button" className="btn-primary" onClick={() => setEditing({ mode: "create" })} disabled={editing?.mode === "create"}>
              Add target
            </button>
          ) : undefined
        }
      />
      {editing ? (
        <div className="mb-6">
          <TargetForm
            key={editing.mode === "edit" ? editing.target.id : "new"}
            target={editing.mode === "edit" ? editing.target : undefined}
            targets={targets}
            onDone={() => setEditing(null)}
          />
        </div>
      ) : null}
      {targets.length === 0 ? (
        <EmptyState title="No targets yet" action={<button type="button" className="btn-primary" onClick={() => setEditing({ mode: "create" })}>Add target</button>}>
          Add the primary path your application calls, then its fallback. The embedded sandbox targets come back on the next start.
        </EmptyState>
      ) : (
        <div className="card relative overflow-x-auto">
          <table className="w-full min-w-[56rem]">
            <caption className="sr-only">Targets</caption>
            <thead className="border-b border-slate-200 dark:border-slate-800">
              <tr>
                <th scope="col" className="table-th">Target</th>
                <th scope="col" className="table-th">Endpoint</th>
                <th scope="col" className="table-th">Credential</th>
                <th scope="col" className="table-th">Retry policy</th>
                <th scope="col" className="table-th">Breaker and budget</th>
                <th scope="col" className="table-th">Fallback</th>
                <th scope="col" className="table-th"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {targets.map((t) => (
                <TargetRow key={t.id} target={t} breaker={breakerOf.get(t.id)} onEdit={() => setEditing({ mode: "edit", target: t })} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <BreakerActionsTable actions={breakers.actions} />
    </>
  );
}

function TargetRow({ target: t, breaker, onEdit }: { target: Target; breaker: TargetBreaker | undefined; onEdit: () => void }) {
  const isAdmin = useCan("admin");
  const queryClient = useQueryClient();
  const del = useMutation({
    mutationFn: () => deleteTargetRequest(t.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: targetKeys.all }),
  });
  return (
    <tr data-testid="target-row" data-target-name={t.name}>
      <td className="table-td">
        <div className="font-medium">{t.name}</div>
        <div className="mt-1 flex flex-wrap gap-1">
          <Badge tone={t.role === "fallback" ? "info" : "neutral"}>{t.role}</Badge>
          <Badge>{t.environmentLabel}</Badge>
          {t.isSandbox ? <Badge tone="warn" title="Embedded sandbox provider: no credentials, no internet">embedded sandbox</Badge> : null}
        </div>
      </td>
      <td className="table-td">
        <div className="mono break-all">{t.baseUrl}</div>
        <div className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
          {t.endpointFamily} · model <span className="mono">{t.model}</span> · {PROVIDER_PROFILE_LABELS[t.providerProfile]}
        </div>
      </td>
      <td className="table-td">
        {t.credentialEnvVar ? <div className="mono">{t.credentialEnvVar}</div> : <div className="text-slate-600 dark:text-slate-400">none</div>}
        <div className="mt-1">
          {t.credentialSource === "not-allowed" ? (
            <Badge tone="warn" title="Not on this server's credential allowlist (EVIDENCE_CREDENTIAL_VARS). Runs on this target are not sent.">
              variable not allowed
            </Badge>
          ) : t.credentialConfigured ? (
            <Badge tone="pass" title={t.credentialSource === "embedded-default" ? "Embedded sandbox default" : "Set in the server environment"}>
              configured: yes{t.credentialSource === "embedded-default" ? " (sandbox default)" : ""}
            </Badge>
          ) : (
            <Badge tone="fail">configured: no</Badge>
          )}
        </div>
      </td>
      <td className="table-td text-xs text-slate-700 dark:text-slate-300">
        <div>timeout {t.timeoutMs} ms · ceiling {t.retryCeiling}</div>
        <div>backoff {t.backoffBaseMs}–{t.backoffMaxMs} ms</div>
        <div>Retry-After cap {t.retryAfterCapMs} ms</div>
      </td>
      <td className="table-td text-xs text-slate-700 dark:text-slate-300" data-testid="target-breaker">
        {breaker ? (
          <div className="flex flex-col items-start gap-1">
            <BreakerBadge breaker={breaker.breaker} />
            <BudgetUse budget={breaker.budget} />
            <ResetBreakerButton targetId={t.id} targetName={t.name} breaker={breaker.breaker} />
          </div>
        ) : (
          <span className="text-slate-600 dark:text-slate-400">not seen yet</span>
        )}
      </td>
      <td className="table-td text-sm">{t.fallbackTargetName ?? <span className="text-slate-600 dark:text-slate-400">none</span>}</td>
      <td className="table-td">
        <div className="flex justify-end gap-2">
          {!isAdmin ? null : (
            <>
              <button type="button" className="btn-secondary" onClick={onEdit} aria-label={`Edit ${t.name}`}>Edit</button>
              <ConfirmButton
                className="btn-ghost"
                label={del.isPending ? "Deleting…" : "Delete"}
                ariaLabel={`Delete ${t.name}`}
                pending={del.isPending}
                title={`Delete the target ${t.name}?`}
                confirmLabel="Delete target"
                confirmAriaLabel={`Confirm delete ${t.name}`}
                onConfirm={() => del.mutate()}
              >
                Records and rehearsals already made with it stay. Its settings and its schedule are removed; this cannot be undone.
              </ConfirmButton>
            </>
          )}
        </div>
        {del.error ? <p role="alert" className="field-error text-right">{del.error instanceof ApiError ? del.error.message : "Delete failed."}</p> : null}
      </td>
    </tr>
  );
}
