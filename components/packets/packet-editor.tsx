"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCan } from "@/components/auth/current-user";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError, apiFetch } from "@/lib/api-client";
import { describePath } from "@/lib/packets/guide";
import { deletePacketRequest, packetKeys, setStatusRequest, patchPacketRequest } from "@/lib/packets/queries";
import { checkReadiness } from "@/lib/packets/readiness";
import { localCheck } from "@/lib/packets/local-check";
import type { Packet, Sections } from "@/lib/packets/schema";
import type { RunSummary } from "@/lib/smoke/schema";
import { PacketRecords } from "@/components/packets/packet-records";
import { PacketSections, SECTION_INDEX } from "@/components/packets/packet-sections";
import { JUST_CREATED_KEY } from "@/components/packets/just-created";
import { PacketShare } from "@/components/packets/packet-share";
import { ReadinessPanel } from "@/components/packets/readiness-panel";
import { StatusBadge } from "@/components/packets/status-badge";
import { Field } from "@/components/ui/field";

export type Draft = { title: string; incidentRef: string; audience: string; sections: Sections };
export type SaveState =
  | { kind: "saved"; at: string }
  | { kind: "dirty" }
  | { kind: "saving" }
  | { kind: "error"; message: string }
  | { kind: "conflict"; message: string };

const fromPacket = (p: Packet): Draft => ({ title: p.title, incidentRef: p.incidentRef, audience: p.audience, sections: p.sections });
const AUTOSAVE_MS = 700;

function DeletePacketButton({ packetId, title }: { packetId: string; title: string }) {
  const canWrite = useCan("operator");
  const router = useRouter();
  const queryClient = useQueryClient();
  const del = useMutation({
    mutationFn: () => deletePacketRequest(packetId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: packetKeys.all });
      router.push("/packets");
    },
  });
  if (!canWrite) return null;
  return (
    <div className="text-right">
      <ConfirmButton
        className="btn-danger"
        label={del.isPending ? "Deleting…" : "Delete packet"}
        pending={del.isPending}
        title={`Delete the packet “${title || "Untitled"}”?`}
        confirmLabel="Delete packet"
        onConfirm={() => del.mutate()}
      >
        The packet, its versions and every reviewer link to it are removed: anyone who opens a link gets “This link is not available”. The records it holds stay under Records. This cannot be undone.
      </ConfirmButton>
      {del.error ? <p role="alert" className="field-error">{del.error instanceof ApiError ? del.error.message : "Delete failed."}</p> : null}
    </div>
  );
}

/**
 * The packet editor. Edits are kept locally and saved automatically (PATCH
 * with the revision they were based on); a stale write comes back as a 409
 * and the editor stops saving and offers to reload instead of overwriting.
 */
export function PacketEditor({ initialPacket, recentRuns, shareOrigin, traceUrlTemplate = null }: { initialPacket: Packet; recentRuns: RunSummary[]; shareOrigin: string; traceUrlTemplate?: string | null }) {
  const queryClient = useQueryClient();
  const [packet, setPacket] = useState(initialPacket);
  const [draft, setDraft] = useState<Draft>(() => fromPacket(initialPacket));
  const [save, setSaveState] = useState<SaveState>({ kind: "saved", at: initialPacket.updatedAt });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [actionError, setActionError] = useState<string | null>(null);
  const [followUp, setFollowUp] = useState(0);
  const titleInput = useRef<HTMLInputElement>(null);

  // Right after "Create packet" the new packet's title takes focus (packets-view.tsx sets the flag).
  useEffect(() => {
    if (sessionStorage.getItem(JUST_CREATED_KEY) !== initialPacket.id) return;
    sessionStorage.removeItem(JUST_CREATED_KEY);
    titleInput.current?.focus();
  }, [initialPacket.id]);

  const draftRef = useRef(draft);
  const revision = useRef(initialPacket.revision);
  const savedSections = useRef<Sections>(initialPacket.sections);
  const editSeq = useRef(0);
  const savedSeq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inflight = useRef<Promise<void> | null>(null);
  const saveKind = useRef<SaveState["kind"]>("saved");

  const setSave = useCallback((s: SaveState) => {
    saveKind.current = s.kind;
    setSaveState(s);
  }, []);

  const flush = useCallback(async (): Promise<boolean> => {
    clearTimeout(timer.current);
    if (inflight.current) await inflight.current;
    if (saveKind.current === "conflict") return false;
    if (savedSeq.current === editSeq.current) return true;
    const seq = editSeq.current;
    const d = draftRef.current;
    // NOTE: only the sections that changed since the last save go out, so a stored field that
    // predates today's limits never blocks saving an unrelated edit (decision 041).
    const changed = Object.fromEntries(
      (Object.keys(d.sections) as (keyof Sections)[]).filter((k) => JSON.stringify(d.sections[k]) !== JSON.stringify(savedSections.current[k])).map((k) => [k, d.sections[k]]),
    ) as Partial<Sections>;
    const body = { revision: revision.current, title: d.title, incidentRef: d.incidentRef, audience: d.audience, ...(Object.keys(changed).length ? { sections: changed } : {}) };
    // NOTE: the API's secret guard runs here first, so a pasted key never leaves the browser.
    const errs = localCheck(d);
    if (Object.keys(errs).length) {
      setFieldErrors(errs);
      const [path, message] = Object.entries(errs)[0];
      setSave({ kind: "error", message: `Not saved — ${describePath(path)}: ${message}` });
      return false;
    }
    setSave({ kind: "saving" });
    const run = (async () => {
      try {
        const res = await patchPacketRequest(packet.id, body);
        revision.current = res.revision;
        savedSeq.current = seq;
        savedSections.current = d.sections;
        setPacket(res);
        setFieldErrors({});
        setSave(editSeq.current === seq ? { kind: "saved", at: res.updatedAt } : { kind: "dirty" });
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) setSave({ kind: "conflict", message: err.message });
        else if (err instanceof ApiError) {
          setFieldErrors(err.fieldErrors());
          const first = err.issues[0];
          setSave({ kind: "error", message: first ? `Not saved — ${describePath(first.path)}: ${first.message}` : `Not saved — ${err.message}` });
        } else setSave({ kind: "error", message: "Not saved — the server could not be reached. Your edits are kept in this tab; they will be retried." });
      }
    })();
    inflight.current = run;
    await run;
    inflight.current = null;
    if (editSeq.current !== savedSeq.current && saveKind.current === "dirty") setFollowUp((n) => n + 1);
    return savedSeq.current === editSeq.current;
  }, [packet.id, setSave]);

  // Edits made while a save was in flight go out after it.
  useEffect(() => {
    if (followUp === 0) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), AUTOSAVE_MS);
  }, [followUp, flush]);

  const update = useCallback(
    (fn: (d: Draft) => Draft) => {
      const next = fn(draftRef.current);
      draftRef.current = next;
      setDraft(next);
      editSeq.current += 1;
      if (saveKind.current === "conflict") return;
      setSave({ kind: "dirty" });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), AUTOSAVE_MS);
    },
    [flush, setSave],
  );
  const updateSections = useCallback((fn: (s: Sections) => Sections) => update((d) => ({ ...d, sections: fn(d.sections) })), [update]);

  // Retry a network failure when the browser comes back online.
  useEffect(() => {
    const online = () => {
      if (saveKind.current === "error") void flush();
    };
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (editSeq.current !== savedSeq.current) e.preventDefault();
    };
    window.addEventListener("online", online);
    window.addEventListener("beforeunload", beforeUnload);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("beforeunload", beforeUnload);
    };
  }, [flush]);

  async function reload() {
    const fresh = await apiFetch<Packet>(`/api/packets/${encodeURIComponent(packet.id)}`);
    revision.current = fresh.revision;
    savedSections.current = fresh.sections;
    editSeq.current = 0;
    savedSeq.current = 0;
    draftRef.current = fromPacket(fresh);
    setDraft(draftRef.current);
    setPacket(fresh);
    setFieldErrors({});
    setSave({ kind: "saved", at: fresh.updatedAt });
  }

  /** Run a server action after pending edits are saved; adopt the packet it returns. */
  const act = useCallback(
    async (fn: (revision: number) => Promise<Packet | void>) => {
      setActionError(null);
      if (!(await flush())) return false;
      try {
        const res = await fn(revision.current);
        if (res) {
          revision.current = res.revision;
          setPacket(res);
        }
        void queryClient.invalidateQueries({ queryKey: packetKeys.all });
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.status === 409 && err.issues.some((i) => i.path === "revision")) setSave({ kind: "conflict", message: err.message });
        else setActionError(err instanceof ApiError ? err.message : "The server could not be reached. Try again.");
        return false;
      }
    },
    [flush, queryClient, setSave],
  );

  const refreshPacket = useCallback(async () => {
    const fresh = await apiFetch<Packet>(`/api/packets/${encodeURIComponent(packet.id)}`);
    revision.current = fresh.revision;
    setPacket((p) => ({ ...fresh, sections: p.sections }));
  }, [packet.id]);

  const readiness = useMemo(() => checkReadiness({ ...draft, records: packet.records }), [draft, packet.records]);
  const err = (path: string) => fieldErrors[path];

  return (
    <div>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/packets" className="text-sky-800 underline underline-offset-2 dark:text-sky-300">Packets</Link>
        <span aria-hidden className="px-1 text-slate-400">/</span>
        <span className="text-slate-600 dark:text-slate-400">{draft.title || "Untitled"}</span>
      </nav>

      {save.kind === "conflict" ? (
        <div role="alert" className="mb-4 flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <strong>Not saved: this packet changed in another tab or through the API.</strong>
          <span>{save.message} Your last edits in this tab are still on screen; copy anything you need, then reload.</span>
          <button type="button" className="btn-primary" onClick={() => void reload()}>Reload latest</button>
        </div>
      ) : null}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_17rem]">
        <div className="min-w-0 space-y-4">
          <header className="card p-5">
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div className="min-w-0 flex-1">
                <Field label="Packet title" error={err("title")}>
                  {(a11y) => (
                    <input {...a11y} ref={titleInput} className="input text-lg font-semibold" value={draft.title} onChange={(e) => update((d) => ({ ...d, title: e.target.value }))} />
                  )}
                </Field>
              </div>
              <StatusBadge status={packet.status} />
            </div>
            <div className="mt-3 grid gap-4 sm:grid-cols-2">
              <Field label="Incident reference" error={err("incidentRef")} hint="Ticket or incident id, e.g. INC-4821.">
                {(a11y) => <input {...a11y} className="input" value={draft.incidentRef} onChange={(e) => update((d) => ({ ...d, incidentRef: e.target.value }))} />}
              </Field>
              <Field label="Audience" error={err("audience")} hint="Who will read it: vendor support, platform team, incident commander.">
                {(a11y) => <input {...a11y} className="input" value={draft.audience} onChange={(e) => update((d) => ({ ...d, audience: e.target.value }))} />}
              </Field>
            </div>
            <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
              {packet.author || packet.lastEditor ? (
                <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="packet-attribution">
                  {packet.author ? <>Created by {packet.author.label}</> : null}
                  {packet.author && packet.lastEditor ? " · " : null}
                  {packet.lastEditor ? <>last edited by {packet.lastEditor.label}</> : null}
                </p>
              ) : <span />}
              <DeletePacketButton packetId={packet.id} title={draft.title} />
            </div>
          </header>

          <PacketSections
            sections={draft.sections}
            records={packet.records}
            update={updateSections}
            err={err}
            recordsSlot={<PacketRecords packet={packet} sections={draft.sections} updateSections={updateSections} err={err} recentRuns={recentRuns} act={act} traceUrlTemplate={traceUrlTemplate} />}
          />

          <PacketShare packet={packet} readinessReady={readiness.ready} flush={flush} onChanged={refreshPacket} shareOrigin={shareOrigin} />
        </div>

        <aside className="lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto" aria-label="Packet status">
          <div className="space-y-4">
            <SaveIndicator save={save} onRetry={() => void flush()} />
            <ReadinessPanel
              readiness={readiness}
              status={packet.status}
              onMarkReady={() => act(async () => setStatusRequest(packet.id, "ready"))}
              onMarkDraft={() => act(async () => setStatusRequest(packet.id, "draft"))}
              actionError={actionError}
            />
            <ExportPanel packet={packet} flush={flush} onExported={refreshPacket} />
            <nav aria-label="Sections" className="card p-4">
              <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">Sections</h2>
              <ul className="mt-2 space-y-1 text-sm">
                {SECTION_INDEX.map((s) => (
                  <li key={s.id}>
                    <a href={`#${s.id}`} className="text-sky-800 hover:underline dark:text-sky-300">{s.label}</a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </aside>
      </div>
    </div>
  );
}

function SaveIndicator({ save, onRetry }: { save: SaveState; onRetry: () => void }) {
  const text =
    save.kind === "saved"
      ? `Saved · ${new Date(save.at).toISOString().slice(11, 19)} UTC`
      : save.kind === "saving"
        ? "Saving…"
        : save.kind === "dirty"
          ? "Unsaved changes"
          : save.kind === "conflict"
            ? "Not saved — changed elsewhere"
            : save.message;
  const tone =
    save.kind === "saved"
      ? "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100"
      : save.kind === "error" || save.kind === "conflict"
        ? "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        : "border-slate-300 bg-white text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";
  return (
    <div className={`rounded-md border px-3 py-2 text-sm ${tone}`} role="status" aria-live="polite" data-testid="save-state" data-state={save.kind}>
      <span className="font-medium">{text}</span>
      {save.kind === "error" ? (
        <button type="button" className="ml-2 underline" onClick={onRetry}>Retry</button>
      ) : null}
    </div>
  );
}

function ExportPanel({ packet, flush, onExported }: { packet: Packet; flush: () => Promise<boolean>; onExported: () => Promise<void> }) {
  const [busy, setBusy] = useState<string | null>(null);
  async function download(format: "md" | "json") {
    setBusy(format);
    try {
      if (!(await flush())) return;
      const a = document.createElement("a");
      a.href = `/api/packets/${encodeURIComponent(packet.id)}/export?format=${format}`;
      a.download = "";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => void onExported(), 800);
    } finally {
      setBusy(null);
    }
  }
  const v = packet.latestVersion;
  return (
    <section className="card p-4" aria-labelledby="export-title">
      <h2 id="export-title" className="text-sm font-semibold">Export</h2>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">Exporting freezes a version: canonical JSON and its sha256, printed in the footer.</p>
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="button" className="btn-secondary" onClick={() => void download("md")} disabled={busy !== null}>
          {busy === "md" ? "Preparing…" : "Download Markdown"}
        </button>
        <button type="button" className="btn-secondary" onClick={() => void download("json")} disabled={busy !== null}>
          {busy === "json" ? "Preparing…" : "Download JSON"}
        </button>
      </div>
      <p className="mt-3 break-all text-xs text-slate-600 dark:text-slate-400" data-testid="latest-version">
        {v ? (
          <>
            Latest version {v.number} ({v.reason}) · sha256 <span className="mono">{v.sha256.slice(0, 16)}…</span>
          </>
        ) : (
          "No version frozen yet."
        )}
      </p>
    </section>
  );
}
