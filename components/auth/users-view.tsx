"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useCurrentUser } from "@/components/auth/current-user";
import { Badge } from "@/components/ui/badge";
import { ShownOnce } from "@/components/ui/shown-once";
import { Field } from "@/components/ui/field";
import { apiFetch, ApiError } from "@/lib/api-client";
import { ROLE_LABEL, ROLES, type Role } from "@/lib/auth/roles";
import type { InvitationView, UserView } from "@/lib/auth/users";

export function UsersView() {
  const me = useCurrentUser();
  const qc = useQueryClient();
  const users = useQuery({ queryKey: ["users"], queryFn: () => apiFetch<{ items: UserView[] }>("/api/users") });
  const invites = useQuery({ queryKey: ["invitations"], queryFn: () => apiFetch<{ items: InvitationView[] }>("/api/invitations") });
  const [link, setLink] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ["users"] }), qc.invalidateQueries({ queryKey: ["invitations"] })]);
  const onError = (e: unknown) => setProblem(e instanceof ApiError ? e.message : String(e));
  const setRole = useMutation({ mutationFn: (v: { id: string; role: Role }) => apiFetch(`/api/users/${v.id}`, { method: "PATCH", json: { role: v.role } }), onSuccess: refresh, onError });
  const remove = useMutation({ mutationFn: (id: string) => apiFetch(`/api/users/${id}`, { method: "DELETE" }), onSuccess: refresh, onError });
  const invite = useMutation({
    mutationFn: (body: { role: Role; email: string | null; expiresInHours: number }) => apiFetch<{ url: string }>("/api/invitations", { method: "POST", json: body }),
    onSuccess: (r) => {
      setLink(r.url);
      void refresh();
    },
    onError,
  });
  const revokeInvite = useMutation({ mutationFn: (id: string) => apiFetch(`/api/invitations/${id}`, { method: "DELETE" }), onSuccess: refresh, onError });

  return (
    <div className="space-y-6">
      {problem ? (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
          {problem}
        </p>
      ) : null}
      <section className="card p-5" aria-labelledby="invite-h">
        <h2 id="invite-h" className="text-base font-semibold">
          Invite someone
        </h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">The link works once and expires. Send it yourself — this server sends no mail.</p>
        <form
          className="mt-3 grid gap-3 sm:grid-cols-4 sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const email = String(f.get("email") ?? "").trim();
            invite.mutate({ role: String(f.get("role")) as Role, email: email || null, expiresInHours: Number(f.get("hours")) });
          }}
        >
          <Field label="Role">
            {(p) => (
              <select {...p} name="role" className="input" defaultValue="operator">
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABEL[r]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Email (optional)" hint="Only this address can use it.">
            {(p) => <input {...p} name="email" type="email" className="input" />}
          </Field>
          <Field label="Expires">
            {(p) => (
              <select {...p} name="hours" className="input" defaultValue="72">
                <option value="24">in 1 day</option>
                <option value="72">in 3 days</option>
                <option value="168">in 7 days</option>
              </select>
            )}
          </Field>
          <button type="submit" className="btn-primary" disabled={invite.isPending}>
            {invite.isPending ? "Creating…" : "Create invitation link"}
          </button>
        </form>
        {link ? <ShownOnce title="Invitation link — shown once:" value={link} testId="invitation-link" copyLabel="Copy link" /> : null}
      </section>

      <section className="card relative overflow-x-auto p-5" aria-labelledby="users-h">
        <h2 id="users-h" className="text-base font-semibold">
          People
        </h2>
        <table className="mt-3 w-full min-w-[34rem]">
          <thead>
            <tr>
              <th className="table-th">Name</th>
              <th className="table-th">Email</th>
              <th className="table-th">Role</th>
              <th className="table-th">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(users.data?.items ?? []).map((u) => (
              <tr key={u.id} className="border-t border-slate-200 dark:border-slate-800">
                <td className="table-td">{u.name}</td>
                <td className="table-td break-all">{u.email}</td>
                <td className="table-td">
                  {u.isOwner ? (
                    <Badge tone="info">Admin · owner</Badge>
                  ) : (
                    <select aria-label={`Role of ${u.email}`} className="input mt-0 w-auto" value={u.role} onChange={(e) => setRole.mutate({ id: u.id, role: e.target.value as Role })}>
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {ROLE_LABEL[r]}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
                <td className="table-td text-right">
                  {!u.isOwner && u.id !== me?.id ? (
                    <button type="button" className="btn-danger" onClick={() => remove.mutate(u.id)}>
                      Remove
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card relative overflow-x-auto p-5" aria-labelledby="invites-h">
        <h2 id="invites-h" className="text-base font-semibold">
          Invitations
        </h2>
        {(invites.data?.items ?? []).length === 0 ? <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No invitations yet.</p> : null}
        <ul className="mt-2 divide-y divide-slate-200 text-sm dark:divide-slate-800">
          {(invites.data?.items ?? []).map((i) => (
            <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                {ROLE_LABEL[i.role]}
                {i.email ? ` · ${i.email}` : ""} · by {i.createdBy} · expires {new Date(i.expiresAt).toLocaleString()}
              </span>
              <span className="flex items-center gap-2">
                <Badge tone={i.state === "open" ? "info" : "neutral"}>{i.state}</Badge>
                {i.state === "open" ? (
                  <button type="button" className="btn-secondary" onClick={() => revokeInvite.mutate(i.id)}>
                    Revoke
                  </button>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
