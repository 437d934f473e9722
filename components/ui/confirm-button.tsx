"use client";

import { useEffect, useId, useRef, useState } from "react";

/**
 * A button that asks before a destructive action, in a modal `<dialog>`
 * (focus moves into it, Escape and "Cancel" close it, focus returns to the
 * button). Not `window.confirm`: that one cannot say what will be lost, is
 * unstyled, and some browsers let a page suppress it.
 */
export function ConfirmButton({
  label,
  ariaLabel,
  title,
  children,
  confirmLabel,
  confirmAriaLabel,
  cancelLabel = "Cancel",
  onConfirm,
  pending = false,
  className = "btn-danger",
  disabled = false,
}: {
  label: React.ReactNode;
  ariaLabel?: string;
  title: string;
  children?: React.ReactNode;
  confirmLabel: string;
  confirmAriaLabel?: string;
  cancelLabel?: string;
  onConfirm: () => void;
  pending?: boolean;
  className?: string;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const id = useId();

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  return (
    <>
      <button ref={trigger} type="button" className={className} aria-label={ariaLabel} disabled={disabled || pending} onClick={() => setOpen(true)} aria-haspopup="dialog">
        {label}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        aria-describedby={children ? `${id}-body` : undefined}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-5 text-left text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        onClose={() => {
          setOpen(false);
          trigger.current?.focus();
        }}
        data-testid="confirm-dialog"
      >
        {open ? (
          <>
            <h2 id={`${id}-title`} className="text-base font-semibold">{title}</h2>
            {children ? <div id={`${id}-body`} className="mt-2 text-sm text-slate-700 dark:text-slate-300">{children}</div> : null}
            <div className="mt-5 flex flex-wrap justify-end gap-2">
              {/* NOTE: Cancel first and focused first, so Enter on a stray key press keeps things. */}
              <button type="button" className="btn-secondary" autoFocus onClick={() => setOpen(false)}>
                {cancelLabel}
              </button>
              <button
                type="button"
                className="btn-danger"
                aria-label={confirmAriaLabel}
                onClick={() => {
                  onConfirm();
                  setOpen(false);
                }}
              >
                {confirmLabel}
              </button>
            </div>
          </>
        ) : null}
      </dialog>
    </>
  );
}
