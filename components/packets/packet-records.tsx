"use client";

import { useState } from "react";
import { TraceId } from "@/components/ui/trace-id";
import { attachRecordsRequest, detachRecordRequest, patchPacketRequest } from "@/lib/packets/queries";
import { FALLBACK_DECISION_WORDS } from "@/lib/packets/constants";
import { formatUtc } from "@/lib/packets/present";
import { missingRecordFields } from "@/lib/packets/readiness";
import type { Packet, Sections } from "@/lib/packets/schema";
import type { RunSummary } from "@/lib/smoke/schema";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { RunPicker } from "@/components/packets/packets-view";
import { SectionCard } from "@/components/packets/packet-sections";

type Act = (fn: (revision: number) => Promise<Packet | void>) => Promise<boolean>;

export function PacketRecords({
  packet,
  sections,
  updateSections,
  err,
  recentRuns,
  act,
  traceUrlTemplate = null,
}: {
  packet: Packet;
  sections: Sections;
  updateSections: (fn: (s: Sections) => Sections) => void;
  err: (path: string) => string | undefined;
  recentRuns: RunSummary[];
  act: Act;
  /** TRACE_URL_TEMPLATE, when set: trace ids become links (decision 131). */
  traceUrlTemplate?: string | null;
}) {
  const [picking, setPicking] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const records = packet.records;
  const attached = new Set(records.map((r) => r.runId));
  const candidates = recentRuns.filter((r) => !attached.has(r.id));
  const order = records.map((r) => r.runId);
  const reorder = (from: number, to: number) => {
    if (to < 0 || to >= order.length) return;
    const next = [...order];
    const [x] = next.splice(from, 1);
    next.splice(to, 0, x);
    void act((revision) => patchPacketRequest(packet.id, { revision, recordOrder: next }));
  };

  return (
    <SectionCard
      id="sec-records"
      title="Attached records"
      meta={`${records.filter((r) => r.path === "happy").length} happy · ${records.filter((r) => r.path === "error").length} error`}
      description="Sanitized records only: no credential value, raw prompt or response body. Each record is exported in the guide's YAML template."
    >
      {records.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No records attached. Attach the happy-path and error-path records of a rehearsal.</p>
      ) : (
        <div className="relative overflow-x-auto rounded-md border border-slate-200 dark:border-slate-800">
          <table className="w-full text-sm">
            <caption className="sr-only">Attached records with their key fields</caption>
            <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-800/40">
              <tr>
                <th scope="col" className="table-th">Record</th>
                <th scope="col" className="table-th">Status family</th>
                <th scope="col" className="table-th">Error class</th>
                <th scope="col" className="table-th">Retries</th>
                <th scope="col" className="table-th">Fallback decision</th>

              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {records.map((r, i) => {
                const missing = missingRecordFields(r);
                return (
                  <tr key={r.runId} data-testid="attached-record">
                    <td className="table-td">
                      <a href={`/records/${r.runId}`} className="mono text-sky-800 hover:underline dark:text-sky-300">{r.record.test_id}</a>
                      <CopyButton text={r.record.test_id} what="test id" small />
                      <div className="mt-1 flex flex-wrap gap-1">
                        <Badge tone={r.path === "error" ? "warn" : "neutral"}>{r.path}{r.errorScenario ? ` · ${r.errorScenario.replace(/_/g, " ")}` : ""}</Badge>
                        <Badge>{r.record.environment_label}</Badge>
                        {r.record.operator_result ? <Badge tone={r.record.operator_result === "pass" ? "pass" : "fail"}>result {r.record.operator_result}</Badge> : null}
                        {missing.length ? <Badge tone="fail" title={`Missing: ${missing.join(", ")}`}>missing {missing.join(", ")}</Badge> : <Badge tone="pass">complete</Badge>}
                      </div>
                      <div className="mt-1 text-xs text-slate-600 dark:text-slate-400" title={`Local time: ${new Date(r.record.checked_at).toLocaleString()}`}>
                        {r.targetName} · {formatUtc(r.record.checked_at)}
                      </div>
                      <div className="mt-1 flex gap-1">
                        <button type="button" className="btn-ghost px-1.5 py-0.5 text-xs" disabled={i === 0} onClick={() => reorder(i, i - 1)} aria-label={`Move ${r.record.test_id} up`}>↑</button>
                        <button type="button" className="btn-ghost px-1.5 py-0.5 text-xs" disabled={i === records.length - 1} onClick={() => reorder(i, i + 1)} aria-label={`Move ${r.record.test_id} down`}>↓</button>
                        <button type="button" className="btn-ghost px-1.5 py-0.5 text-xs text-red-700 dark:text-red-400" onClick={() => void act(() => detachRecordRequest(packet.id, r.runId))} aria-label={`Detach ${r.record.test_id}`}>
                          Detach
                        </button>
                      </div>
                    </td>
                    <td className="table-td mono">{r.record.http_status_family ?? "—"}{r.record.http_status_code ? ` (${r.record.http_status_code})` : ""}</td>
                    <td className="table-td mono text-xs">{r.record.client_error_class ?? "—"}</td>
                    <td className="table-td">{r.record.retry_attempts} of {r.record.retry_ceiling}</td>
                    <td className="table-td" title={r.record.fallback_decision ?? undefined}>{r.record.fallback_decision ? FALLBACK_DECISION_WORDS[r.record.fallback_decision] ?? r.record.fallback_decision : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {records.length ? (
        <div className="mt-4">
          <h3 className="text-sm font-semibold">Correlation ids</h3>
          <p className="text-xs text-slate-600 dark:text-slate-400">Trace id, provider request id and test id per attempt. Mark which records&apos; ids are safe to share internally (the guide&apos;s first decision).</p>
          <div className="mt-2 relative overflow-x-auto rounded-md border border-slate-200 dark:border-slate-800">
            <table className="w-full text-sm">
              <caption className="sr-only">Correlation ids per attempt</caption>
              <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-800/40">
                <tr>
                  <th scope="col" className="table-th">Test id</th>
                  <th scope="col" className="table-th">Attempt</th>
                  <th scope="col" className="table-th">Trace id</th>
                  <th scope="col" className="table-th">Provider request id</th>
                  <th scope="col" className="table-th">Safe to share</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {records.flatMap((r) =>
                  (r.record.attempts.length ? r.record.attempts : [null]).map((a, k) => (
                    <tr key={`${r.runId}-${k}`}>
                      <td className="table-td mono whitespace-nowrap text-xs">
                        {r.record.test_id}
                        {k === 0 ? <CopyButton text={r.record.test_id} what={`test id ${r.record.test_id}`} small /> : null}
                      </td>
                      <td className="table-td text-xs">{a ? `${a.seq + 1} · ${a.role} · ${a.statusFamily}${a.statusCode ? ` ${a.statusCode}` : ""} · ${a.decision}` : "—"}</td>
                      <td className="table-td text-xs">
                        <TraceId traceId={r.record.trace_id_placeholder} template={traceUrlTemplate} />
                        {k === 0 ? <CopyButton text={r.record.trace_id_placeholder} what={`trace id of ${r.record.test_id}`} small /> : null}
                      </td>
                      <td className="table-td mono break-all text-xs">
                        {(a ? a.requestId : r.record.request_id) ?? "—"}
                        {a?.requestId || (!a && r.record.request_id) ? <CopyButton text={(a ? a.requestId : r.record.request_id)!} what={`request id of ${r.record.test_id}${a ? ` attempt ${a.seq + 1}` : ""}`} small /> : null}
                      </td>
                      <td className="table-td">
                        {k === 0 ? (
                          <label className="inline-flex items-center gap-2 text-sm">
                            <input
                              type="checkbox"
                              checked={r.idsSafeToShare}
                              onChange={(e) => {
                                // Read now: React resets a controlled checkbox before the save resolves.
                                const safe = e.target.checked;
                                void act((revision) => patchPacketRequest(packet.id, { revision, safeIds: [{ runId: r.runId, safe }] }));
                              }}
                              aria-label={`Ids of ${r.record.test_id} are safe to share internally`}
                            />
                            {r.idsSafeToShare ? "yes" : "no"}
                          </label>
                        ) : (
                          <span className="text-xs text-slate-600 dark:text-slate-400">{r.idsSafeToShare ? "yes" : "no"}</span>
                        )}
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}

      {(["happy", "error"] as const).map((p) =>
        records.some((r) => r.path === p) ? null : (
          <Field key={p} className="mt-4" label={`No ${p}-path record: state why`} error={err(`sections.missingPathReasons.${p}`)} hint="Readiness accepts a stated reason instead of a record.">
            {(a11y) => (
              <input
                {...a11y}
                className="input"
                value={sections.missingPathReasons[p]}
                onChange={(e) => updateSections((s) => ({ ...s, missingPathReasons: { ...s.missingPathReasons, [p]: e.target.value } }))}
              />
            )}
          </Field>
        ),
      )}

      <div className="mt-4">
        {picking ? (
          <div className="rounded-md border border-slate-200 dark:border-slate-800">
            {candidates.length === 0 ? (
              <p className="p-3 text-sm text-slate-600 dark:text-slate-400">No other recent records. Run a smoke test or a rehearsal first.</p>
            ) : (
              <div className="max-h-64 overflow-y-auto">
                <RunPicker runs={candidates} selected={selected} onChange={setSelected} />
              </div>
            )}
            <div className="flex gap-2 border-t border-slate-200 p-3 dark:border-slate-800">
              <button
                type="button"
                className="btn-primary"
                disabled={selected.length === 0}
                onClick={async () => {
                  if (await act((revision) => attachRecordsRequest(packet.id, selected, revision))) {
                    setSelected([]);
                    setPicking(false);
                  }
                }}
              >
                Attach {selected.length || ""} selected
              </button>
              <button type="button" className="btn-ghost" onClick={() => setPicking(false)}>Cancel</button>
            </div>
          </div>
        ) : (
          <button type="button" className="btn-secondary" onClick={() => setPicking(true)}>Attach records…</button>
        )}
      </div>
    </SectionCard>
  );
}
