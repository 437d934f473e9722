"use client";

import { useState } from "react";
import type { PacketStatus, Readiness } from "@/lib/packets/schema";

const WHERE_ANCHOR: Record<string, string> = {
  records: "sec-records",
  notVerified: "sec-not-verified",
  timeline: "sec-timeline",
  environment: "sec-environment",
  summary: "sec-summary",
  sources: "sec-sources",
};

/** The readiness check, live as you type: blocking items first, then warnings. */
export function ReadinessPanel({
  readiness,
  status,
  onMarkReady,
  onMarkDraft,
  actionError,
}: {
  readiness: Readiness;
  status: PacketStatus;
  onMarkReady: () => Promise<boolean>;
  onMarkDraft: () => Promise<boolean>;
  actionError: string | null;
}) {
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<boolean>) => {
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };
  const { blocking, warnings, ready } = readiness;
  return (
    <section
      className={`card border-l-4 p-4 ${ready ? "border-l-emerald-600" : "border-l-red-600"}`}
      aria-labelledby="readiness-title"
      data-testid="readiness"
      data-ready={ready}
    >
      <h2 id="readiness-title" className="flex items-center justify-between text-sm font-semibold">
        Readiness
        <span className={`text-xs font-semibold ${ready ? "text-emerald-800 dark:text-emerald-300" : "text-red-800 dark:text-red-300"}`}>
          {ready ? "Nothing blocking" : `${blocking.length} blocking`}
        </span>
      </h2>
      {blocking.length ? (
        <ul className="mt-2 space-y-1.5 text-sm" aria-label="Blocking items">
          {blocking.map((b, i) => (
            <li key={i} className="flex gap-2">
              <span aria-hidden className="mt-0.5 text-red-700 dark:text-red-400">✕</span>
              <span>
                <span className="sr-only">Blocking: </span>
                {b.where && WHERE_ANCHOR[b.where] ? <a className="hover:underline" href={`#${WHERE_ANCHOR[b.where]}`}>{b.message}</a> : b.message}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {warnings.length ? (
        <ul className="mt-2 space-y-1.5 text-sm" aria-label="Warnings">
          {warnings.map((w, i) => (
            <li key={i} className="flex gap-2">
              <span aria-hidden className="mt-0.5 text-amber-700 dark:text-amber-400">!</span>
              <span>
                <span className="sr-only">Warning: </span>
                {w.where && WHERE_ANCHOR[w.where] ? <a className="hover:underline" href={`#${WHERE_ANCHOR[w.where]}`}>{w.message}</a> : w.message}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {ready && warnings.length === 0 ? <p className="mt-2 text-sm text-emerald-800 dark:text-emerald-300">Every record is complete and nothing unsourced is asserted.</p> : null}
      <div className="mt-3 flex flex-wrap items-center gap-2">
        {status === "draft" ? (
          <button type="button" className="btn-primary" disabled={!ready || busy} onClick={() => void run(onMarkReady)}>
            {busy ? "Marking…" : "Mark ready"}
          </button>
        ) : (
          <>
            <span className="text-sm">Status: <strong>{status}</strong></span>
            {status === "ready" ? (
              <button type="button" className="btn-ghost" disabled={busy} onClick={() => void run(onMarkDraft)}>Back to draft</button>
            ) : null}
          </>
        )}
      </div>
      {!ready && status === "draft" ? <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">A packet can be marked ready only when nothing blocks.</p> : null}
      {actionError ? <p role="alert" className="field-error">{actionError}</p> : null}
    </section>
  );
}
