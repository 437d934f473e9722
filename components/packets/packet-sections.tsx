"use client";

import { useState } from "react";
import { draftSummary } from "@/lib/packets/draft-summary";
import { FAILURE_MODE_STATE_LABELS, REHEARSAL_DECISION_ROWS, formatUtc } from "@/lib/packets/present";
import { FAILURE_MODE_STATES } from "@/lib/packets/constants";
import type { PacketRecord, Sections } from "@/lib/packets/schema";
import { Badge } from "@/components/ui/badge";
import { Field } from "@/components/ui/field";

type Update = (fn: (s: Sections) => Sections) => void;
type Err = (path: string) => string | undefined;

export const SECTION_INDEX = [
  { id: "sec-summary", label: "Summary" },
  { id: "sec-environment", label: "Environment" },
  { id: "sec-timeline", label: "Timeline" },
  { id: "sec-records", label: "Attached records" },
  { id: "sec-not-verified", label: "Not verified" },
  { id: "sec-account-gaps", label: "Account gaps" },
  { id: "sec-sources", label: "Sources checked" },
  { id: "sec-contract", label: "Contract details to verify" },
  { id: "sec-failure-modes", label: "Failure modes" },
  { id: "sec-decisions", label: "Rehearsal decisions" },
  { id: "sec-share", label: "Share with a reviewer" },
] as const;

const newId = () => Math.random().toString(36).slice(2, 10);
const today = () => new Date().toISOString().slice(0, 10);
const nowUtc = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

export function SectionCard({ id, title, meta, children, description }: { id: string; title: string; meta?: React.ReactNode; description?: React.ReactNode; children: React.ReactNode }) {
  return (
    <details id={id} open className="card group scroll-mt-4" data-testid={id}>
      <summary className="flex cursor-pointer list-none items-center justify-between gap-3 rounded-t-lg px-5 py-3 hover:bg-slate-50 dark:hover:bg-slate-800/40">
        <h2 className="text-base font-semibold">
          <span aria-hidden className="mr-2 inline-block text-slate-400 transition-transform group-open:rotate-90">▸</span>
          {title}
        </h2>
        {meta ? <span className="text-xs text-slate-600 dark:text-slate-400">{meta}</span> : null}
      </summary>
      <div className="border-t border-slate-100 px-5 py-4 dark:border-slate-800">
        {description ? <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{description}</p> : null}
        {children}
      </div>
    </details>
  );
}

function TextArea({ label, value, onChange, error, hint, rows = 3, className }: { label: string; value: string; onChange: (v: string) => void; error?: string; hint?: string; rows?: number; className?: string }) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {(a11y) => <textarea {...a11y} className="input" rows={rows} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

function TextInput({ label, value, onChange, error, hint, className, placeholder, type = "text" }: { label: string; value: string; onChange: (v: string) => void; error?: string; hint?: string; className?: string; placeholder?: string; type?: string }) {
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {(a11y) => <input {...a11y} type={type} className="input" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

function RowActions({ index, count, onMove, onRemove, label }: { index: number; count: number; onMove: (to: number) => void; onRemove: () => void; label: string }) {
  return (
    <div className="flex shrink-0 gap-1">
      <button type="button" className="btn-ghost px-2" onClick={() => onMove(index - 1)} disabled={index === 0} aria-label={`Move ${label} up`}>↑</button>
      <button type="button" className="btn-ghost px-2" onClick={() => onMove(index + 1)} disabled={index === count - 1} aria-label={`Move ${label} down`}>↓</button>
      <button type="button" className="btn-ghost px-2 text-red-700 dark:text-red-400" onClick={onRemove} aria-label={`Remove ${label}`}>Remove</button>
    </div>
  );
}

export function PacketSections({ sections: s, records, update, err, recordsSlot }: { sections: Sections; records: PacketRecord[]; update: Update; err: Err; recordsSlot: React.ReactNode }) {
  const draft = draftSummary(records);
  return (
    <>
      <SectionCard
        id="sec-summary"
        title="Summary"
        meta={s.summary.trim() ? (s.summaryConfirmed ? "confirmed by you" : "draft — not confirmed") : "empty"}
        description="Say which boundary failed, the status family, the retries and the fallback decision. Avoid “the model was down”."
      >
        {/* NOTE: editing the text confirms it; so does accepting the draft explicitly (decision 040). */}
        <TextArea label="Summary" rows={4} value={s.summary} onChange={(v) => update((x) => ({ ...x, summary: v, summaryConfirmed: v.trim() !== "" }))} error={err("sections.summary")} />
        <div className="mt-2 flex flex-wrap items-center gap-2 text-sm" data-testid="summary-state" data-confirmed={s.summaryConfirmed}>
          {s.summaryConfirmed ? (
            <Badge tone="pass">Confirmed by you</Badge>
          ) : s.summary.trim() ? (
            <>
              <Badge tone="warn">Draft from the records — not confirmed</Badge>
              <button type="button" className="btn-secondary" onClick={() => update((x) => ({ ...x, summaryConfirmed: true }))}>
                Accept summary as written
              </button>
            </>
          ) : null}
        </div>
        {/* The draft is offered only when it differs from the summary: a new packet's summary is the draft (issue 15: shown twice). */}
        {draft && draft.trim() !== s.summary.trim() ? (
          <div className="mt-3 rounded-md bg-slate-50 p-3 text-sm dark:bg-slate-800/50">
            <p className="font-medium">Draft from the attached records</p>
            <p className="mt-1 text-slate-700 dark:text-slate-300" data-testid="draft-summary">{draft}</p>
            <button type="button" className="btn-secondary mt-2" onClick={() => update((x) => ({ ...x, summary: draft, summaryConfirmed: true }))} disabled={s.summary === draft && s.summaryConfirmed}>
              Use this draft
            </button>
          </div>
        ) : null}
      </SectionCard>

      <SectionCard id="sec-environment" title="Environment" description="Which environment the evidence comes from, and any mismatch with the hosted path (versions, credentials, feature flags, runtime settings).">
        <div className="grid gap-4 sm:grid-cols-3">
          <TextInput label="Environment label" value={s.environmentLabel} onChange={(v) => update((x) => ({ ...x, environmentLabel: v }))} error={err("sections.environmentLabel")} placeholder="staging" />
          <TextArea className="sm:col-span-2" label="Environment mismatch" rows={2} value={s.environmentMismatch} onChange={(v) => update((x) => ({ ...x, environmentMismatch: v }))} error={err("sections.environmentMismatch")} hint="Leave empty when the check ran where the incident happened." />
        </div>
      </SectionCard>

      <SectionCard id="sec-timeline" title="Timeline" meta={`${s.timeline.length} entr${s.timeline.length === 1 ? "y" : "ies"} · UTC`} description="Short, timestamped, in UTC. Hover a time for your local time.">
        {s.timeline.length === 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">No entries yet. A short timeline is the first thing a reviewer reads.</p> : null}
        <ol className="space-y-3">
          {s.timeline.map((e, i) => (
            <li key={e.id} className="rounded-md border border-slate-200 p-3 dark:border-slate-800" data-testid="timeline-entry">
              <div className="grid grid-cols-1 gap-3 sm:grid-cols-[13rem_minmax(0,1fr)]">
                <div>
                  <TextInput
                    label={`Time (UTC) for entry ${i + 1}`}
                    value={e.at}
                    onChange={(v) => update((x) => ({ ...x, timeline: x.timeline.map((t, j) => (j === i ? { ...t, at: v } : t)) }))}
                    error={err(`sections.timeline.${i}.at`)}
                  />
                  <time dateTime={e.at} title={`Local time: ${new Date(e.at).toLocaleString()}`} className="mt-1 block text-xs text-slate-600 underline decoration-dotted dark:text-slate-400">
                    {formatUtc(e.at)}
                  </time>
                  <div className="mt-1">
                    <RowActions
                      index={i}
                      count={s.timeline.length}
                      label={`timeline entry ${i + 1}`}
                      onMove={(to) => update((x) => ({ ...x, timeline: move(x.timeline, i, to) }))}
                      onRemove={() => update((x) => ({ ...x, timeline: x.timeline.filter((_, j) => j !== i) }))}
                    />
                  </div>
                </div>
                <TextArea
                  label={`What happened (entry ${i + 1})`}
                  rows={3}
                  value={e.text}
                  onChange={(v) => update((x) => ({ ...x, timeline: x.timeline.map((t, j) => (j === i ? { ...t, text: v } : t)) }))}
                  error={err(`sections.timeline.${i}.text`)}
                />
              </div>
            </li>
          ))}
        </ol>
        <div className="mt-3 flex gap-2">
          <button type="button" className="btn-secondary" onClick={() => update((x) => ({ ...x, timeline: [...x.timeline, { id: newId(), at: nowUtc(), text: "" }] }))}>
            Add entry (now)
          </button>
          {s.timeline.length > 1 ? (
            <button type="button" className="btn-ghost" onClick={() => update((x) => ({ ...x, timeline: [...x.timeline].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)) }))}>
              Sort by time
            </button>
          ) : null}
        </div>
      </SectionCard>

      {recordsSlot}

      <NotVerified s={s} update={update} err={err} />

      <SectionCard id="sec-account-gaps" title="Account gaps" meta={`${s.accountGaps.length}`} description="Account-specific facts (quota, billing, limits) that public docs cannot prove: what the fact is, why it stays outside the public packet, and which authorized source would settle it.">
        {s.accountGaps.length === 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">No account gaps recorded.</p> : null}
        <ul className="space-y-3">
          {s.accountGaps.map((g, i) => (
            <li key={g.id} className="rounded-md border border-slate-200 p-3 dark:border-slate-800" data-testid="account-gap">
              <div className="grid gap-3 md:grid-cols-3">
                <TextArea label={`Fact (gap ${i + 1})`} rows={2} value={g.fact} onChange={(v) => update((x) => ({ ...x, accountGaps: x.accountGaps.map((t, j) => (j === i ? { ...t, fact: v } : t)) }))} error={err(`sections.accountGaps.${i}.fact`)} />
                <TextArea label="Why it is outside the public packet" rows={2} value={g.whyOutside} onChange={(v) => update((x) => ({ ...x, accountGaps: x.accountGaps.map((t, j) => (j === i ? { ...t, whyOutside: v } : t)) }))} error={err(`sections.accountGaps.${i}.whyOutside`)} />
                <TextArea label="Authorized source that would settle it" rows={2} value={g.authorizedSource} onChange={(v) => update((x) => ({ ...x, accountGaps: x.accountGaps.map((t, j) => (j === i ? { ...t, authorizedSource: v } : t)) }))} error={err(`sections.accountGaps.${i}.authorizedSource`)} />
              </div>
              <div className="mt-2 flex justify-end">
                <RowActions index={i} count={s.accountGaps.length} label={`account gap ${i + 1}`} onMove={(to) => update((x) => ({ ...x, accountGaps: move(x.accountGaps, i, to) }))} onRemove={() => update((x) => ({ ...x, accountGaps: x.accountGaps.filter((_, j) => j !== i) }))} />
              </div>
            </li>
          ))}
        </ul>
        <button type="button" className="btn-secondary mt-3" onClick={() => update((x) => ({ ...x, accountGaps: [...x.accountGaps, { id: newId(), fact: "", whyOutside: "", authorizedSource: "" }] }))}>
          Add account gap
        </button>
      </SectionCard>

      <SectionCard
        id="sec-sources"
        title="Sources checked"
        meta={`${s.sourcesChecked.filter((x) => x.confirmed).length} confirmed · ${s.sourcesChecked.filter((x) => !x.confirmed).length} to verify`}
        description="The exact pages you used for the public contract check, with the date you read them. The guide's suggestions start “to verify”: confirm each with the URL you used and your accessed date, or remove it. Only confirmed sources reach a reviewer as checked."
      >
        <ul className="space-y-3">
          {s.sourcesChecked.map((src, i) => {
            const set = (patch: Partial<typeof src>) => update((x) => ({ ...x, sourcesChecked: x.sourcesChecked.map((t, j) => (j === i ? { ...t, ...patch } : t)) }));
            return (
              <li key={src.id} className="rounded-md border border-slate-200 p-3 dark:border-slate-800" data-testid="source-row" data-confirmed={src.confirmed}>
                <div className="mb-2 flex flex-wrap items-center gap-2">
                  {src.confirmed ? <Badge tone="pass">Checked · accessed {src.accessed || "—"}</Badge> : <Badge tone="warn">To verify</Badge>}
                </div>
                <div className="grid grid-cols-1 gap-3 md:grid-cols-[1fr_1.4fr_9rem]">
                  <TextInput label={`Title (source ${i + 1})`} value={src.title} onChange={(v) => set({ title: v })} error={err(`sections.sourcesChecked.${i}.title`)} />
                  <TextInput label="URL you used" value={src.url} onChange={(v) => set({ url: v })} error={err(`sections.sourcesChecked.${i}.url`)} />
                  <TextInput label="Accessed" type="date" value={src.accessed} onChange={(v) => set({ accessed: v })} error={err(`sections.sourcesChecked.${i}.accessed`)} hint={src.confirmed ? undefined : "Today when you confirm."} />
                  <TextInput className="md:col-span-3" label="Purpose" value={src.purpose} onChange={(v) => set({ purpose: v })} error={err(`sections.sourcesChecked.${i}.purpose`)} />
                </div>
                <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
                  {src.confirmed ? (
                    <button type="button" className="btn-ghost" onClick={() => set({ confirmed: false })} aria-label={`Mark source ${i + 1} to verify`}>Mark to verify</button>
                  ) : (
                    <button type="button" className="btn-secondary" onClick={() => set({ confirmed: true, accessed: src.accessed || today() })} aria-label={`Confirm source ${i + 1}: I checked this page`}>
                      Confirm: I checked this page
                    </button>
                  )}
                  <RowActions index={i} count={s.sourcesChecked.length} label={`source ${i + 1}`} onMove={(to) => update((x) => ({ ...x, sourcesChecked: move(x.sourcesChecked, i, to) }))} onRemove={() => update((x) => ({ ...x, sourcesChecked: x.sourcesChecked.filter((_, j) => j !== i) }))} />
                </div>
              </li>
            );
          })}
        </ul>
        <button type="button" className="btn-secondary mt-3" onClick={() => update((x) => ({ ...x, sourcesChecked: [...x.sourcesChecked, { id: newId(), title: "", url: "", accessed: "", purpose: "", confirmed: false }] }))}>
          Add source
        </button>
      </SectionCard>

      <SectionCard id="sec-contract" title="Contract details to verify" meta={`${s.contractChecks.filter((c) => c.confirmed).length} checked · ${s.contractChecks.filter((c) => !c.confirmed).length} to verify`} description="The guide's table. Public docs can support these contract areas; they cannot prove account limits or billing. Rows you have not confirmed reach a reviewer as “to verify”, with no accessed date.">
        <ul className="space-y-3">
          {s.contractChecks.map((c, i) => (
            <li key={c.id} className="rounded-md border border-slate-200 p-3 dark:border-slate-800" data-testid="contract-row" data-confirmed={c.confirmed}>
              <div className="mb-2">{c.confirmed ? <Badge tone="pass">Checked · accessed {c.accessed || "—"}</Badge> : <Badge tone="warn">To verify</Badge>}</div>
              <div className="grid gap-3 md:grid-cols-2">
                <TextInput label={`Area (row ${i + 1})`} value={c.area} onChange={(v) => update((x) => ({ ...x, contractChecks: x.contractChecks.map((t, j) => (j === i ? { ...t, area: v } : t)) }))} error={err(`sections.contractChecks.${i}.area`)} />
                <div className="grid grid-cols-[1fr_9rem] gap-3">
                  <TextInput label="Source URL" value={c.sourceUrl} onChange={(v) => update((x) => ({ ...x, contractChecks: x.contractChecks.map((t, j) => (j === i ? { ...t, sourceUrl: v } : t)) }))} error={err(`sections.contractChecks.${i}.sourceUrl`)} />
                  <TextInput label="Accessed" type="date" hint={c.confirmed ? undefined : "Today when you confirm."} value={c.accessed} onChange={(v) => update((x) => ({ ...x, contractChecks: x.contractChecks.map((t, j) => (j === i ? { ...t, accessed: v } : t)) }))} error={err(`sections.contractChecks.${i}.accessed`)} />
                </div>
                <TextArea label="What to verify" rows={2} value={c.whatToVerify} onChange={(v) => update((x) => ({ ...x, contractChecks: x.contractChecks.map((t, j) => (j === i ? { ...t, whatToVerify: v } : t)) }))} error={err(`sections.contractChecks.${i}.whatToVerify`)} />
                <TextArea label="Safe candidate wording" rows={2} value={c.safeWording} onChange={(v) => update((x) => ({ ...x, contractChecks: x.contractChecks.map((t, j) => (j === i ? { ...t, safeWording: v } : t)) }))} error={err(`sections.contractChecks.${i}.safeWording`)} />
              </div>
              <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
                {c.confirmed ? (
                  <button type="button" className="btn-ghost" onClick={() => update((x) => ({ ...x, contractChecks: x.contractChecks.map((t, j) => (j === i ? { ...t, confirmed: false } : t)) }))}>Mark to verify</button>
                ) : (
                  <button type="button" className="btn-secondary" aria-label={`Confirm contract row ${i + 1}: I checked it`} onClick={() => update((x) => ({ ...x, contractChecks: x.contractChecks.map((t, j) => (j === i ? { ...t, confirmed: true, accessed: t.accessed || today() } : t)) }))}>
                    Confirm: I checked it
                  </button>
                )}
                <RowActions index={i} count={s.contractChecks.length} label={`contract row ${i + 1}`} onMove={(to) => update((x) => ({ ...x, contractChecks: move(x.contractChecks, i, to) }))} onRemove={() => update((x) => ({ ...x, contractChecks: x.contractChecks.filter((_, j) => j !== i) }))} />
              </div>
            </li>
          ))}
        </ul>
        <button type="button" className="btn-secondary mt-3" onClick={() => update((x) => ({ ...x, contractChecks: [...x.contractChecks, { id: newId(), area: "", whatToVerify: "", sourceUrl: "", accessed: "", safeWording: "", confirmed: false }] }))}>
          Add row
        </button>
      </SectionCard>

      <FailureModes s={s} update={update} err={err} />

      <SectionCard id="sec-decisions" title="Rehearsal decisions" description="The guide's three decisions. They make the next escalation faster than a long narrative.">
        <div className="space-y-4">
          {REHEARSAL_DECISION_ROWS.map((d) => (
            <TextArea key={d.key} label={d.label} rows={2} value={s.decisions[d.key]} onChange={(v) => update((x) => ({ ...x, decisions: { ...x.decisions, [d.key]: v } }))} error={err(`sections.decisions.${d.key}`)} />
          ))}
        </div>
      </SectionCard>
    </>
  );
}

function NotVerified({ s, update, err }: { s: Sections; update: Update; err: Err }) {
  const [label, setLabel] = useState("");
  const items = s.notVerified.items;
  const setItem = (i: number, patch: Partial<(typeof items)[number]>) =>
    update((x) => ({ ...x, notVerified: { ...x.notVerified, items: x.notVerified.items.map((t, j) => (j === i ? { ...t, ...patch } : t)) } }));
  return (
    <SectionCard
      id="sec-not-verified"
      title="Not verified"
      meta={`${items.filter((i) => i.confirmed).length} kept · ${items.filter((i) => !i.confirmed).length} suggested · ${items.filter((i) => i.sourceAttached).length} sourced`}
      description="A short note about what you did not verify. The guide's suggestions are listed; keep the ones that apply, or add your own. Mark an item “source attached” only with a link to the current account dashboard or official source for that exact claim."
    >
      <ul className="space-y-2">
        {items.map((item, i) => (
          <li key={item.id} className="rounded-md border border-slate-200 px-3 py-2 dark:border-slate-800" data-testid="not-verified-item">
            <div className="flex flex-wrap items-center gap-3">
              <span className="min-w-[10rem] flex-1 text-sm font-medium">{item.label}</span>
              {item.confirmed ? (
                <Badge tone="pass">Kept by you</Badge>
              ) : (
                <button type="button" className="btn-secondary px-2" aria-label={`Keep ${item.label}: I did not verify it`} onClick={() => setItem(i, { confirmed: true })}>
                  Keep: I did not verify this
                </button>
              )}
              <label className="inline-flex items-center gap-2 text-sm">
                <input type="checkbox" aria-label={`Source attached for ${item.label}`} checked={item.sourceAttached} onChange={(e) => setItem(i, { sourceAttached: e.target.checked })} />
                Source attached
              </label>
              <button type="button" className="btn-ghost px-2 text-red-700 dark:text-red-400" aria-label={`Remove ${item.label}`} onClick={() => update((x) => ({ ...x, notVerified: { ...x.notVerified, items: x.notVerified.items.filter((_, j) => j !== i) } }))}>
                Remove
              </button>
            </div>
            {item.sourceAttached ? (
              <TextInput
                className="mt-1"
                label={`Source URL for ${item.label}`}
                value={item.sourceUrl}
                onChange={(v) => setItem(i, { sourceUrl: v })}
                error={err(`sections.notVerified.items.${i}.sourceUrl`) ?? (item.sourceUrl ? undefined : "Add the link, or the claim still counts as not verified.")}
              />
            ) : null}
          </li>
        ))}
      </ul>
      <form
        className="mt-3 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (!label.trim()) return;
          update((x) => ({ ...x, notVerified: { ...x.notVerified, items: [...x.notVerified.items, { id: newId(), label: label.trim(), sourceAttached: false, sourceUrl: "", confirmed: true }] } }));
          setLabel("");
        }}
      >
        <TextInput className="min-w-[14rem] flex-1" label="Add an item you did not verify" value={label} onChange={setLabel} placeholder="e.g. Gateway-side request logs" />
        <button type="submit" className="btn-secondary">Add item</button>
      </form>
      <TextArea className="mt-4" label="Not verified — free text" rows={3} value={s.notVerified.notes} onChange={(v) => update((x) => ({ ...x, notVerified: { ...x.notVerified, notes: v } }))} error={err("sections.notVerified.notes")} hint="Anything else you deliberately did not check, and why." />
    </SectionCard>
  );
}

function FailureModes({ s, update, err }: { s: Sections; update: Update; err: Err }) {
  const counts = FAILURE_MODE_STATES.map((st) => `${s.failureModes.filter((f) => f.state === st).length} ${FAILURE_MODE_STATE_LABELS[st]}`).join(" · ");
  return (
    <SectionCard id="sec-failure-modes" title="Failure modes" meta={counts} description="The guide's eight. For each: observed, ruled out, or not checked — with a note.">
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        {s.failureModes.map((f, i) => (
          <li key={f.key} className="grid grid-cols-1 gap-3 py-3 md:grid-cols-[1fr_auto]" data-testid="failure-mode" data-key={f.key}>
            <div>
              <p className="text-sm font-medium">{f.label}</p>
              <p className="text-xs text-slate-600 dark:text-slate-400">{f.description}</p>
              <TextInput className="mt-1" label={`Note on ${f.label}`} value={f.note} onChange={(v) => update((x) => ({ ...x, failureModes: x.failureModes.map((t, j) => (j === i ? { ...t, note: v } : t)) }))} error={err(`sections.failureModes.${i}.note`)} />
            </div>
            <fieldset className="flex items-start gap-3 pt-1 text-sm">
              <legend className="sr-only">{f.label} state</legend>
              {FAILURE_MODE_STATES.map((st) => (
                <label key={st} className="inline-flex items-center gap-1.5 whitespace-nowrap">
                  <input type="radio" name={`fm-${f.key}`} value={st} checked={f.state === st} onChange={() => update((x) => ({ ...x, failureModes: x.failureModes.map((t, j) => (j === i ? { ...t, state: st } : t)) }))} />
                  {FAILURE_MODE_STATE_LABELS[st]}
                </label>
              ))}
            </fieldset>
          </li>
        ))}
      </ul>
    </SectionCard>
  );
}
