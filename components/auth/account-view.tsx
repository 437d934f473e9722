"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { ShownOnce } from "@/components/ui/shown-once";
import { Field } from "@/components/ui/field";
import { apiFetch, ApiError } from "@/lib/api-client";
import { authClient } from "@/lib/auth/client";
import { SCOPES, type Scope } from "@/lib/auth/roles";
import type { TokenView } from "@/lib/auth/tokens";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

function Sessions() {
  const qc = useQueryClient();
  const sessions = useQuery({
    queryKey: ["sessions"],
    queryFn: async () => {
      const r = await authClient.listSessions();
      if (r.error) throw new Error(r.error.message ?? "Could not list sessions.");
      return r.data;
    },
  });
  const current = authClient.useSession().data?.session.id;
  const router = useRouter();
  const revokeOthers = useMutation({ mutationFn: () => authClient.revokeOtherSessions(), onSuccess: () => qc.invalidateQueries({ queryKey: ["sessions"] }) });
  return (
    <section className="card p-5" aria-labelledby="sessions-h">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="sessions-h" className="text-base font-semibold">
          Sessions
        </h2>
        <div className="flex gap-2">
          <button type="button" className="btn-secondary" disabled={revokeOthers.isPending} onClick={() => revokeOthers.mutate()}>
            Sign out other sessions
          </button>
          <button
            type="button"
            className="btn-danger"
            onClick={async () => {
              await authClient.revokeSessions();
              router.replace("/sign-in");
              router.refresh();
            }}
          >
            Sign out everywhere
          </button>
        </div>
      </div>
      {sessions.isPending ? <p className="mt-3 text-sm">Loading sessions…</p> : null}
      <ul className="mt-3 divide-y divide-slate-200 text-sm dark:divide-slate-800">
        {(sessions.data ?? []).map((s) => (
          <li key={s.id} className="flex flex-wrap justify-between gap-2 py-2">
            <span className="min-w-0 break-words">{s.userAgent ? s.userAgent.slice(0, 90) : "Unknown browser"}</span>
            <span className="text-slate-600 dark:text-slate-400">
              {s.ipAddress || "—"} · since {when(new Date(s.createdAt).toISOString())} {s.id === current ? <Badge tone="info">this browser</Badge> : null}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function PasswordChange() {
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section className="card p-5" aria-labelledby="password-h">
      <h2 id="password-h" className="text-base font-semibold">
        Password
      </h2>
      <form
        className="mt-3 grid gap-3 sm:grid-cols-2"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const f = new FormData(form);
          setBusy(true);
          const r = await authClient.changePassword({ currentPassword: String(f.get("current")), newPassword: String(f.get("next")), revokeOtherSessions: true });
          setBusy(false);
          setMsg(r.error ? { ok: false, text: r.error.message ?? "The password was not changed." } : { ok: true, text: "Password changed; your other sessions were signed out." });
          if (!r.error) form.reset();
        }}
      >
        <Field label="Current password">{(p) => <input {...p} name="current" type="password" className="input" autoComplete="current-password" required />}</Field>
        <Field label="New password" hint="At least 12 characters.">
          {(p) => <input {...p} name="next" type="password" className="input" autoComplete="new-password" required minLength={12} />}
        </Field>
        <div className="sm:col-span-2">
          <button type="submit" className="btn-primary" disabled={busy}>
            {busy ? "Changing…" : "Change password"}
          </button>
          {msg ? (
            <p role="status" className={`mt-2 text-sm ${msg.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}>
              {msg.text}
            </p>
          ) : null}
        </div>
      </form>
    </section>
  );
}

function Tokens() {
  const qc = useQueryClient();
  const tokens = useQuery({ queryKey: ["tokens"], queryFn: () => apiFetch<{ items: TokenView[] }>("/api/tokens") });
  const [made, setMade] = useState<string | null>(null);
  const [error, setError] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: (body: { name: string; scopes: Scope[]; expiresInDays: number | null }) => apiFetch<{ token: string }>("/api/tokens", { method: "POST", json: body }),
    onSuccess: (r) => {
      setMade(r.token);
      setError({});
      void qc.invalidateQueries({ queryKey: ["tokens"] });
    },
    onError: (e) => setError(e instanceof ApiError ? { ...e.fieldErrors(), _: e.message } : { _: String(e) }),
  });
  const revoke = useMutation({ mutationFn: (id: string) => apiFetch(`/api/tokens/${id}`, { method: "DELETE" }), onSuccess: () => qc.invalidateQueries({ queryKey: ["tokens"] }) });
  return (
    <section className="card p-5" aria-labelledby="tokens-h">
      <h2 id="tokens-h" className="text-base font-semibold">
        API tokens
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        For CI: send <code className="mono">Authorization: Bearer &lt;token&gt;</code>. A token acts as you, limited to its scopes. It is shown once; only its hash is kept.
      </p>
      <form
        className="mt-3 grid gap-3 sm:grid-cols-3"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const days = String(f.get("days"));
          create.mutate({ name: String(f.get("name")), scopes: SCOPES.filter((s) => f.get(`scope-${s}`)), expiresInDays: days === "never" ? null : Number(days) });
        }}
      >
        <Field label="Name" error={error.name}>
          {(p) => <input {...p} name="name" className="input" placeholder="ci-rehearsal" required maxLength={80} />}
        </Field>
        <fieldset>
          <legend className="field-label">Scopes</legend>
          {SCOPES.map((s) => (
            <label key={s} className="mr-3 inline-flex items-center gap-1 text-sm">
              <input type="checkbox" name={`scope-${s}`} defaultChecked={s === "read"} /> <span className="mono">{s}</span>
            </label>
          ))}
          {error.scopes ? <p className="field-error">{error.scopes}</p> : null}
        </fieldset>
        <Field label="Expires">
          {(p) => (
            <select {...p} name="days" className="input" defaultValue="90">
              <option value="7">in 7 days</option>
              <option value="30">in 30 days</option>
              <option value="90">in 90 days</option>
              <option value="366">in a year</option>
              <option value="never">never</option>
            </select>
          )}
        </Field>
        <div className="sm:col-span-3">
          <button type="submit" className="btn-primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create token"}
          </button>
          {error._ ? <p className="field-error">{error._}</p> : null}
        </div>
      </form>
      {made ? <ShownOnce title="Copy the token now — it will not be shown again." value={made} testId="new-token" copyLabel="Copy token" /> : null}
      <div className="relative mt-4 overflow-x-auto">
        <table className="w-full min-w-[32rem]">
          <thead>
            <tr>
              <th className="table-th">Name</th>
              <th className="table-th">Scopes</th>
              <th className="table-th">Last used</th>
              <th className="table-th">Expires</th>
              <th className="table-th">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(tokens.data?.items ?? []).map((t) => (
              <tr key={t.id} className="border-t border-slate-200 dark:border-slate-800">
                <td className="table-td">
                  {t.name} <span className="mono text-slate-500">{t.prefix}…</span>
                </td>
                <td className="table-td mono">{t.scopes.join(" ")}</td>
                <td className="table-td">{when(t.lastUsedAt)}</td>
                <td className="table-td">{t.expiresAt ? when(t.expiresAt) : "never"}</td>
                <td className="table-td text-right">
                  {t.revokedAt ? (
                    <Badge tone="neutral">revoked</Badge>
                  ) : (
                    <button type="button" className="btn-danger" onClick={() => revoke.mutate(t.id)} disabled={revoke.isPending}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function AccountView() {
  return (
    <div className="space-y-6">
      <Tokens />
      <Sessions />
      <PasswordChange />
    </div>
  );
}
