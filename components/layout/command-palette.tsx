"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useDeferredValue, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { apiFetch } from "@/lib/api-client";
import type { SearchHit } from "@/lib/search/schema";

const KIND_LABEL = { record: "Record", packet: "Packet", target: "Target" } as const;

const noSubscription = () => () => {};
/** ⌘K on Apple devices, Ctrl K elsewhere (the server renders Ctrl K; a Mac switches after hydration). */
function useShortcutLabel() {
  return useSyncExternalStore(noSubscription, () => (/Mac|iPhone|iPad|iPod/.test(navigator.userAgent) ? "⌘K" : "Ctrl K"), () => "Ctrl K");
}

/**
 * Find anything in a second: Ctrl/⌘+K (or the Find button) opens a dialog
 * that jumps to a record by test id, trace id or provider request id, a
 * packet by title or incident reference, a target by name.
 */
export function CommandPalette() {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState("");
  const [active, setActive] = useState(0);
  const shortcut = useShortcutLabel();
  const deferred = useDeferredValue(q.trim());
  const results = useQuery({
    queryKey: ["search", deferred],
    queryFn: () => apiFetch<{ items: SearchHit[] }>(`/api/search?q=${encodeURIComponent(deferred)}`),
    enabled: open && deferred.length >= 2,
    staleTime: 5_000,
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      input.current?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);

  const items = deferred.length >= 2 ? (results.data?.items ?? []) : [];
  // New results: the first one is the one Enter opens again.
  const itemsKey = items.map((h) => `${h.kind}:${h.href}`).join("|");
  const [seen, setSeen] = useState(itemsKey);
  if (seen !== itemsKey) {
    setSeen(itemsKey);
    setActive(0);
  }
  const current = Math.min(active, Math.max(items.length - 1, 0));
  const go = (href: string) => {
    setOpen(false);
    setQ("");
    router.push(href);
  };

  return (
    <>
      <button type="button" className="btn-secondary mx-2 mb-2 justify-between text-xs md:mx-4" onClick={() => setOpen(true)} aria-haspopup="dialog" aria-keyshortcuts="Control+K Meta+K">
        Find…
        <kbd className="rounded border border-slate-300 px-1 font-sans text-[0.7rem] text-slate-600 dark:border-slate-600 dark:text-slate-400" data-testid="palette-shortcut">{shortcut}</kbd>
      </button>
      <dialog
        ref={dialog}
        aria-label="Jump to"
        className="mx-auto mt-[12vh] w-[min(36rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        onClose={() => setOpen(false)}
        data-testid="command-palette"
      >
        <form
          className="border-b border-slate-200 p-3 dark:border-slate-800"
          onSubmit={(e) => {
            e.preventDefault();
            if (items[current]) go(items[current].href);
          }}
        >
          <label htmlFor="palette-q" className="field-label">Id or words to find</label>
          <input
            id="palette-q"
            ref={input}
            type="text"
            enterKeyHint="go"
            className="input"
            autoComplete="off"
            placeholder="trace id, request id, test id, incident…"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
              e.preventDefault();
              if (items.length === 0) return;
              setActive((current + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length);
            }}
            role="combobox"
            aria-expanded={items.length > 0}
            aria-controls="palette-results"
            aria-autocomplete="list"
            aria-activedescendant={items.length ? `palette-hit-${current}` : undefined}
            aria-describedby="palette-hint"
          />
          <p id="palette-hint" className="field-hint">A record by test id, trace id or provider request id (exact); a packet by title or incident reference; a target by name. ↑ ↓ choose, Enter opens.</p>
        </form>
        <div className="max-h-[50vh] overflow-y-auto p-2" aria-live="polite">
          {deferred.length < 2 ? null : results.isPending ? (
            <p className="p-2 text-sm text-slate-600 dark:text-slate-400">Searching…</p>
          ) : results.isError ? (
            <p role="alert" className="p-2 text-sm text-red-700 dark:text-red-400">Search failed; try again.</p>
          ) : items.length === 0 ? (
            <p className="p-2 text-sm text-slate-600 dark:text-slate-400">Nothing matches “{deferred}”.</p>
          ) : (
            <ul id="palette-results" role="listbox" aria-label="Results">
              {items.map((h, i) => (
                // NOTE: options, not links, so the list is one widget the arrow keys move through (ARIA combobox pattern).
                <li
                  key={`${h.kind}-${h.href}-${h.label}`}
                  id={`palette-hit-${i}`}
                  role="option"
                  aria-selected={i === current}
                  className={`block cursor-pointer rounded-md px-2 py-1.5 hover:bg-slate-100 dark:hover:bg-slate-800 ${i === current ? "bg-sky-50 ring-1 ring-sky-700 dark:bg-slate-800 dark:ring-sky-400" : ""}`}
                  onClick={() => go(h.href)}
                  onMouseMove={() => setActive(i)}
                  data-href={h.href}
                  data-testid="palette-hit"
                >
                  <span className="text-xs font-medium text-slate-600 dark:text-slate-400">{KIND_LABEL[h.kind]}</span>{" "}
                  <span className="font-medium">{h.label}</span>
                  <span className="block text-xs text-slate-600 [overflow-wrap:anywhere] dark:text-slate-400">{h.detail}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </dialog>
    </>
  );
}
