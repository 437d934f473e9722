"use client";

import { useState } from "react";

/** Copies text; says so for screen readers too. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2000);
  }
  return (
    <>
      <button type="button" className="btn-secondary" onClick={copy}>
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed — select the text" : label}
      </button>
      <span role="status" className="sr-only">
        {state === "copied" ? "Copied to the clipboard." : state === "failed" ? "Copy failed." : ""}
      </span>
    </>
  );
}
