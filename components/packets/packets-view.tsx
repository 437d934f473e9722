"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError } from "@/lib/api-client";
import { createPacketRequest, packetsQuery } from "@/lib/packets/queries";
import { formatUtc } from "@/lib/packets/present";
import type { PacketListItem, RehearsalOption } from "@/lib/packets/schema";
import type { RunSummary } from "@/lib/smoke/schema";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/packets/status-badge";
import { JUST_CREATED_KEY } from "@/components/packets/just-created";

type Source = "rehearsal" | "records" | "empty";

export function PacketsView({
  initialPackets,
  rehearsals,
  runs,
  preselectRehearsalId,
}: {
  initialPackets: PacketListItem[];
  rehearsals: RehearsalOption[];
  runs: RunSummary[];
  preselectRehearsalId?: string;
}) {
  const { data: packets = [] } = useQuery({ ...packetsQuery(), initialData: initialPackets });
  const [creating, setCreating] = useState(Boolean(preselectRehearsalId) || initialPackets.length === 0);

  return (
    <>
      <PageHeader
        title="Packets"
        description="Escalation packets: the evidence a reviewer reads, ready to share."
        guide="An escalation packet is the guide's evidence packet: what happened at the request boundary, what the client observed, what the runbook did next, and what was not verified."
        actions={
          <button type="button" className="btn-primary" onClick={() => setCreating(true)} disabled={creating}>
            New packet
          </button>
        }
      />
      {creating ? <NewPacketForm rehearsals={rehearsals} runs={runs} preselectRehearsalId={preselectRehearsalId} onCancel={() => setCreating(false)} /> : null}
      {packets.length === 0 ? (
        creating ? null : (
          <EmptyState title="No packets yet" action={<button type="button" className="btn-primary" onClick={() => setCreating(true)}>New packet</button>}>
            Open a packet from a rehearsal or from selected records. The guide&apos;s checklists are prefilled.
          </EmptyState>
        )
      ) : (
        <div className="card mt-6 relative overflow-x-auto">
          <table className="w-full min-w-[40rem]">
            <caption className="sr-only">Packets</caption>
            <thead className="border-b border-slate-200 dark:border-slate-800">
              <tr>
                <th scope="col" className="table-th">Packet</th>
                <th scope="col" className="table-th">Status</th>
                <th scope="col" className="table-th">Records</th>
                <th scope="col" className="table-th">Live links</th>
                <th scope="col" className="table-th">Updated (UTC)</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {packets.map((p) => (
                <tr key={p.id} data-testid="packet-row">
                  <td className="table-td">
                    <Link href={`/packets/${p.id}`} className="font-medium text-sky-800 hover:underline dark:text-sky-300">
                      {p.title}
                    </Link>
                    {p.incidentRef ? <div className="text-xs text-slate-600 dark:text-slate-400">{p.incidentRef}</div> : null}
                  </td>
                  <td className="table-td"><StatusBadge status={p.status} /></td>
                  <td className="table-td">{p.recordCount}</td>
                  <td className="table-td">{p.activeLinks}</td>
                  <td className="table-td" title={new Date(p.updatedAt).toLocaleString()}>
                    <span className="mono">{formatUtc(p.updatedAt)}</span>
                    {p.lastEditor ? <div className="text-xs text-slate-600 dark:text-slate-400">by {p.lastEditor.label}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function NewPacketForm({
  rehearsals,
  runs,
  preselectRehearsalId,
  onCancel,
}: {
  rehearsals: RehearsalOption[];
  runs: RunSummary[];
  preselectRehearsalId?: string;
  onCancel: () => void;
}) {
  const router = useRouter();
  const done = rehearsals.filter((r) => r.state !== "running");
  const [source, setSource] = useState<Source>(done.length ? "rehearsal" : runs.length ? "records" : "empty");
  const [title, setTitle] = useState("");
  const [rehearsalId, setRehearsalId] = useState(preselectRehearsalId ?? done[0]?.id ?? "");
  const [runIds, setRunIds] = useState<number[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: () =>
      createPacketRequest({
        title,
        ...(source === "rehearsal" && rehearsalId ? { rehearsalId } : {}),
        ...(source === "records" ? { runIds } : {}),
      }),
    onSuccess: (p) => {
      // NOTE: the editor moves focus to the new packet's title when it finds this flag.
      sessionStorage.setItem(JUST_CREATED_KEY, p.id);
      router.push(`/packets/${p.id}`);
    },
    onError: (err) => {
      if (err instanceof ApiError) {
        setErrors(err.fieldErrors());
        setFormError(err.message);
      } else setFormError("Could not reach the server. Your input is kept; try again.");
    },
  });

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const next: Record<string, string> = {};
    if (!title.trim()) next.title = "Title is required.";
    if (source === "rehearsal" && !rehearsalId) next.rehearsalId = "Pick a rehearsal.";
    if (source === "records" && runIds.length === 0) next.runIds = "Pick at least one record.";
    setErrors(next);
    if (Object.keys(next).length) return;
    create.mutate();
  }

  return (
    <form onSubmit={submit} noValidate className="card p-5" aria-labelledby="new-packet-title">
      <h2 id="new-packet-title" className="mb-4 text-base font-semibold">New escalation packet</h2>
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Title" error={errors.title} hint="What failed, where: e.g. “Chat completions 5xx on staging”.">
          {(a11y) => <input {...a11y} name="title" className="input" value={title} onChange={(e) => setTitle(e.target.value)} autoFocus />}
        </Field>
        <fieldset>
          <legend className="field-label">Start from</legend>
          <div className="mt-2 flex flex-wrap gap-4 text-sm">
            {(
              [
                ["rehearsal", "A rehearsal"],
                ["records", "Selected records"],
                ["empty", "Empty packet"],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="inline-flex items-center gap-2">
                <input type="radio" name="source" value={value} checked={source === value} onChange={() => setSource(value)} />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
      </div>

      {source === "rehearsal" ? (
        <div className="mt-4">
          {done.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">No finished rehearsal yet. Run one on the Rehearse page, or start from records.</p>
          ) : (
            <Field label="Rehearsal" error={errors.rehearsalId} hint="Its happy-path and error-path records, and its three decisions, are copied in.">
              {(a11y) => (
                <select {...a11y} name="rehearsalId" className="input" value={rehearsalId} onChange={(e) => setRehearsalId(e.target.value)}>
                  {done.map((r) => (
                    <option key={r.id} value={r.id}>
                      {formatUtc(r.startedAt)} · {r.targetName} · {r.errorScenario.replace(/_/g, " ")} · {r.runCount} records
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        </div>
      ) : null}

      {source === "records" ? (
        <fieldset className="mt-4" aria-describedby={errors.runIds ? "runids-error" : undefined}>
          <legend className="field-label">Records ({runIds.length} selected)</legend>
          {runs.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">No records yet. Run a smoke test first.</p>
          ) : (
            <div className="mt-2 max-h-64 overflow-y-auto rounded-md border border-slate-200 dark:border-slate-800">
              <RunPicker runs={runs} selected={runIds} onChange={setRunIds} />
            </div>
          )}
          {errors.runIds ? <p id="runids-error" className="field-error" role="alert">{errors.runIds}</p> : null}
        </fieldset>
      ) : null}

      <div className="mt-5 flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create packet"}
        </button>
        <button type="button" className="btn-ghost" onClick={onCancel} disabled={create.isPending}>Cancel</button>
        {formError ? <p role="alert" className="text-sm text-red-700 dark:text-red-400">{formError}</p> : null}
      </div>
    </form>
  );
}

/** A checkbox list of records, shared by the new-packet form and the editor's attach panel. */
export function RunPicker({ runs, selected, onChange }: { runs: RunSummary[]; selected: number[]; onChange: (ids: number[]) => void }) {
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800">
      {runs.map((r) => (
        <li key={r.id}>
          <label className="flex cursor-pointer items-center gap-3 px-3 py-2 text-sm hover:bg-slate-50 dark:hover:bg-slate-800/50">
            <input
              type="checkbox"
              checked={selected.includes(r.id)}
              onChange={(e) => onChange(e.target.checked ? [...selected, r.id] : selected.filter((x) => x !== r.id))}
            />
            <span className="mono">{r.testId}</span>
            <Badge tone={r.path === "error" ? "warn" : "neutral"}>{r.path}</Badge>
            <span className="truncate">{r.targetName}</span>
            <span className="mono text-xs text-slate-600 dark:text-slate-400">
              {r.httpStatusFamily ?? "—"} · {r.fallbackDecision ?? "—"}
            </span>
            {r.operatorResult ? <Badge tone={r.operatorResult === "pass" ? "pass" : "fail"}>{r.operatorResult}</Badge> : null}
            <span className="ml-auto text-xs text-slate-600 dark:text-slate-400" title={new Date(r.checkedAt).toLocaleString()}>{formatUtc(r.checkedAt)}</span>
          </label>
        </li>
      ))}
    </ul>
  );
}
