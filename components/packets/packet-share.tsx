"use client";

import { isLoopbackOrigin } from "@/lib/shared/origin";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "@/lib/api-client";
import { createShareRequest, packetKeys, revokeShareRequest, shareLinksQuery } from "@/lib/packets/queries";
import { formatUtc } from "@/lib/packets/present";
import { SHARE_EXPIRIES_HOURS, SHARE_EXPIRY_LABELS } from "@/lib/packets/constants";
import type { Packet } from "@/lib/packets/schema";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field } from "@/components/ui/field";
import { SectionCard } from "@/components/packets/packet-sections";

type Created = { url: string; expiresAt: string; versionNumber: number; versionSha256: string };

/**
 * Share with a reviewer: preview exactly what they will see, create a link
 * (shown once), list links with their views, revoke.
 */
export function PacketShare({ packet, readinessReady, flush, onChanged, shareOrigin }: { packet: Packet; readinessReady: boolean; flush: () => Promise<boolean>; onChanged: () => Promise<void>; shareOrigin: string }) {
  const thisMachineOnly = isLoopbackOrigin(shareOrigin);
  const queryClient = useQueryClient();
  const [hours, setHours] = useState<(typeof SHARE_EXPIRIES_HOURS)[number]>(168);
  const [preview, setPreview] = useState<number | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [copied, setCopied] = useState(false);
  const links = useQuery(shareLinksQuery(packet.id));
  const canShare = readinessReady && packet.status !== "draft";

  const create = useMutation({
    mutationFn: async () => {
      if (!(await flush())) throw new Error("Save your edits first.");
      return createShareRequest(packet.id, hours);
    },
    onSuccess: async (link) => {
      setCreated({ url: link.url, expiresAt: link.expiresAt, versionNumber: link.versionNumber, versionSha256: link.versionSha256 });
      setCopied(false);
      setPreview(null);
      await queryClient.invalidateQueries({ queryKey: packetKeys.shareLinks(packet.id) });
      await onChanged();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => revokeShareRequest(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: packetKeys.shareLinks(packet.id) });
      await onChanged();
    },
  });

  async function showPreview() {
    if (await flush()) setPreview(Date.now());
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.url);
      setCopied(true);
    } catch {
      (document.getElementById("share-url") as HTMLInputElement | null)?.select();
    }
  }

  return (
    <SectionCard id="sec-share" title="Share with a reviewer" meta={links.data ? `${links.data.filter((l) => l.state === "active").length} live link(s)` : undefined}>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        A link shows one frozen version, read-only, with no access to anything else. Later edits make a new version; an existing link keeps showing the version it was made for.
      </p>
      {thisMachineOnly ? (
        <p className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100" data-testid="share-this-machine">
          Links point at <span className="mono">{shareOrigin}</span>, so they work only on this machine. To share with a reviewer elsewhere, set <span className="mono">PUBLIC_BASE_URL</span> to the address they use (README: Deploying for a team).
        </p>
      ) : null}

      <div className="mt-3 flex flex-wrap items-end gap-3">
        <Field label="Link expires after" className="w-44">
          {(a11y) => (
            <select {...a11y} className="input" value={hours} onChange={(e) => setHours(Number(e.target.value) as typeof hours)}>
              {SHARE_EXPIRIES_HOURS.map((h) => (
                <option key={h} value={h}>{SHARE_EXPIRY_LABELS[h]}</option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" className="btn-primary" disabled={!canShare || preview !== null} onClick={() => void showPreview()}>
          Preview and create link…
        </button>
      </div>
      {!canShare ? <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">Mark the packet ready (nothing blocking) before creating a link.</p> : null}
      {create.error ? <p role="alert" className="field-error">{create.error instanceof ApiError || create.error instanceof Error ? create.error.message : "Could not create the link."}</p> : null}

      {created ? (
        <div className="mt-4 rounded-md border border-emerald-300 bg-emerald-50 p-3 dark:border-emerald-800 dark:bg-emerald-950" role="status">
          <p className="text-sm font-semibold text-emerald-900 dark:text-emerald-100">Link created — copy it now. It is shown only once; only its hash is stored.</p>
          <div className="mt-2 flex flex-wrap gap-2">
            <label htmlFor="share-url" className="sr-only">Share link</label>
            <input id="share-url" readOnly className="input mt-0 min-w-[18rem] flex-1 font-mono text-xs" value={created.url} onFocus={(e) => e.target.select()} data-testid="share-url" />
            <button type="button" className="btn-primary" onClick={() => void copy()}>{copied ? "Copied" : "Copy link"}</button>
            <button type="button" className="btn-ghost" onClick={() => setCreated(null)}>Done</button>
          </div>
          <p className="mt-2 text-xs text-emerald-900 dark:text-emerald-100">
            Version {created.versionNumber} · sha256 <span className="mono break-all">{created.versionSha256}</span> · expires {formatUtc(created.expiresAt)}
          </p>
        </div>
      ) : null}

      {preview ? (
        <div className="mt-4 rounded-md border border-sky-300 p-3 dark:border-sky-800">
          <p className="text-sm font-semibold">This is exactly what the reviewer will see</p>
          <p className="text-xs text-slate-600 dark:text-slate-400">Read it as the reviewer: no secrets, nothing you would not send outside the team. The link will show this version even after later edits.</p>
          <iframe
            key={preview}
            title="Reviewer page preview"
            src={`/api/packets/${encodeURIComponent(packet.id)}/preview?at=${preview}`}
            sandbox=""
            className="mt-2 h-[36rem] w-full rounded-md border border-slate-300 bg-white dark:border-slate-700"
          />
          <div className="mt-3 flex flex-wrap gap-2">
            <button type="button" className="btn-primary" disabled={create.isPending} onClick={() => create.mutate()}>
              {create.isPending ? "Creating link…" : `Create link (expires in ${SHARE_EXPIRY_LABELS[hours]})`}
            </button>
            <button type="button" className="btn-ghost" onClick={() => setPreview(null)}>Cancel</button>
          </div>
        </div>
      ) : null}

      <h3 className="mt-5 text-sm font-semibold">Links</h3>
      {links.isLoading ? (
        <p className="text-sm text-slate-600">Loading links…</p>
      ) : links.data && links.data.length ? (
        <div className="mt-2 relative overflow-x-auto rounded-md border border-slate-200 dark:border-slate-800">
          <table className="w-full min-w-[44rem]">
            <caption className="sr-only">Share links</caption>
            <thead className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-800/40">
              <tr>
                <th scope="col" className="table-th">Created (UTC)</th>
                <th scope="col" className="table-th">Expires (UTC)</th>
                <th scope="col" className="table-th">Version</th>
                <th scope="col" className="table-th">Views</th>
                <th scope="col" className="table-th">Last viewed</th>
                <th scope="col" className="table-th">State</th>
                <th scope="col" className="table-th"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {links.data.map((l) => (
                <tr key={l.id} data-testid="share-link-row" data-state={l.state}>
                  <td className="table-td text-xs" title={new Date(l.createdAt).toLocaleString()}>
                    {formatUtc(l.createdAt)}
                    {l.createdBy ? <div className="text-slate-600 dark:text-slate-400" data-testid="link-created-by">by {l.createdBy.label}</div> : null}
                  </td>
                  <td className="table-td text-xs" title={new Date(l.expiresAt).toLocaleString()}>{formatUtc(l.expiresAt)}</td>
                  <td className="table-td text-xs">v{l.versionNumber} · <span className="mono">{l.versionSha256.slice(0, 12)}…</span></td>
                  <td className="table-td" data-testid="view-count">{l.viewCount}</td>
                  <td className="table-td text-xs">{l.lastViewedAt ? formatUtc(l.lastViewedAt) : "never"}</td>
                  <td className="table-td">
                    <Badge tone={l.state === "active" ? "pass" : l.state === "revoked" ? "fail" : "neutral"}>{l.state}</Badge>
                    {l.revokedBy ? <div className="mt-0.5 text-xs text-slate-600 dark:text-slate-400" data-testid="link-revoked-by">by {l.revokedBy.label}</div> : null}
                  </td>
                  <td className="table-td text-right">
                    {l.state === "active" ? (
                      <ConfirmButton
                        label="Revoke"
                        ariaLabel={`Revoke link created ${formatUtc(l.createdAt)}`}
                        pending={revoke.isPending}
                        title="Revoke this reviewer link?"
                        confirmLabel="Revoke link"
                        onConfirm={() => revoke.mutate(l.id)}
                      >
                        Anyone who opens it from now on gets “This link is not available”. A revoked link cannot be turned back on; share a new one if needed.
                      </ConfirmButton>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">No links yet.</p>
      )}
      {revoke.error ? <p role="alert" className="field-error">{revoke.error.message}</p> : null}
    </SectionCard>
  );
}
