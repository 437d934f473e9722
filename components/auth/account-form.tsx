"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { Spinner } from "@/components/ui/spinner";

type Mode = { kind: "setup" } | { kind: "sign-in" } | { kind: "invite"; token: string; email: string | null };

type Problem = { message: string; fields: Record<string, string> };

async function post(url: string, body: unknown): Promise<Problem | null> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (res.ok) return null;
  const data = (await res.json().catch(() => ({}))) as { error?: { message?: string; issues?: { path: string; message: string }[] }; message?: string; code?: string };
  const fields: Record<string, string> = {};
  for (const i of data.error?.issues ?? []) fields[i.path] ??= i.message;
  const message = data.error?.message ?? (res.status === 429 ? "Too many attempts. Wait a minute and try again." : res.status === 401 ? "Email or password is wrong." : (data.message ?? `Refused (${res.status}).`));
  return { message, fields };
}

/** Create the owner, sign in, or accept an invitation: one form, three endpoints. */
export function AccountForm({ mode }: { mode: Mode }) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const router = useRouter();
  const needsName = mode.kind !== "sign-in";
  const submitLabel = mode.kind === "setup" ? "Create the owner account" : mode.kind === "invite" ? "Create my account" : "Sign in";

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body = { name: String(f.get("name") ?? ""), email: String(f.get("email") ?? ""), password: String(f.get("password") ?? "") };
    setBusy(true);
    setProblem(null);
    const p =
      mode.kind === "setup"
        ? await post("/api/setup", body)
        : mode.kind === "invite"
          ? await post("/api/invitations/accept", { ...body, token: mode.token })
          : await post("/api/auth/sign-in/email", { email: body.email, password: body.password });
    if (p) {
      setProblem(p);
      setBusy(false);
      return;
    }
    router.replace("/rehearse");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="card space-y-4 p-5" noValidate>
      {needsName ? (
        <Field label="Name" error={problem?.fields.name}>
          {(p) => <input {...p} name="name" className="input" autoComplete="name" required maxLength={80} />}
        </Field>
      ) : null}
      <Field label="Email" error={problem?.fields.email}>
        {(p) => <input {...p} name="email" type="email" className="input" autoComplete={mode.kind === "sign-in" ? "username" : "email"} required defaultValue={mode.kind === "invite" ? (mode.email ?? "") : ""} />}
      </Field>
      <Field label="Password" error={problem?.fields.password} hint={mode.kind === "sign-in" ? undefined : "At least 12 characters."}>
        {(p) => <input {...p} name="password" type="password" className="input" autoComplete={mode.kind === "sign-in" ? "current-password" : "new-password"} required minLength={mode.kind === "sign-in" ? undefined : 12} />}
      </Field>
      {problem && Object.keys(problem.fields).length === 0 ? (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
          {problem.message}
        </p>
      ) : null}
      <button type="submit" className="btn-primary w-full" disabled={busy}>
        {busy ? <Spinner label={mode.kind === "sign-in" ? "Signing in…" : "Creating…"} /> : submitLabel}
      </button>
    </form>
  );
}
