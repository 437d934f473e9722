"use client";

import { useEffect, useRef, useState } from "react";

/**
 * Puts text on the clipboard: the Clipboard API where the page may use it,
 * else a selected, off-screen textarea and the legacy copy command — a
 * dashboard served over plain http on a LAN address is not a secure context,
 * and there navigator.clipboard does not exist.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (window.isSecureContext && navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission refused or the document lost focus: try the fallback.
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.insetInlineStart = "-9999px";
  const focused = document.activeElement as HTMLElement | null;
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  focused?.focus();
  return ok;
}

// NOTE: its own classes, not btn-*: it sits inside mono, break-all and table text and must not inherit them.
const SMALL =
  "ml-1.5 inline-flex h-6 items-center whitespace-nowrap rounded border border-slate-300 bg-white px-1.5 align-middle font-sans text-xs font-medium [word-break:normal] text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800";

/**
 * A copy button that says so for screen readers too. `what` names the value
 * ("trace id"): the button's accessible name becomes "Copy trace id", and a
 * small button fits beside an id in a table cell.
 */
export function CopyButton({ text, label = "Copy", what, small }: { text: string; label?: string; what?: string; small?: boolean }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  async function copy() {
    setState((await copyText(text)) ? "copied" : "failed");
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), 2000);
  }
  const name = what ? `${label} ${what}` : undefined;
  const done = what ? `${what[0].toUpperCase()}${what.slice(1)} copied.` : "Copied to the clipboard.";
  return (
    <>
      <button
        type="button"
        className={small ? SMALL : "btn-secondary"}
        onClick={copy}
        aria-label={name}
        title={name}
        data-copy={what}
      >
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed — select the text" : label}
      </button>
      {/* NOTE: aria-live, not role=status: a panel's one status (its spinner) stays the only one. */}
      <span aria-live="polite" className="sr-only">
        {state === "copied" ? done : state === "failed" ? "Copy failed." : ""}
      </span>
    </>
  );
}
