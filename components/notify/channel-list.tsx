"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ChannelForm } from "@/components/notify/channel-form";
import { DeliveryStatusBadge } from "@/components/notify/delivery-status";
import { deleteChannelRequest, deliveriesPage, isOpen, notifyKeys, testChannelRequest, updateChannelRequest, type Channel } from "@/components/notify/queries";
import { When } from "@/components/notify/when";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Spinner } from "@/components/ui/spinner";
import { ApiError } from "@/lib/api-client";

const KIND_BADGE: Record<Channel["kind"], string> = { webhook: "signed webhook", slack: "Slack", email: "email" };
const problemOf = (e: unknown) => (e instanceof ApiError ? e.message : "Could not reach the server; try again.");

export function ChannelList({ channels }: { channels: Channel[] }) {
  const [editing, setEditing] = useState<"new" | string | null>(null);
  return (
    <section aria-labelledby="channels-h" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="channels-h" className="text-lg font-semibold">Channels</h2>
        <button type="button" className="btn-primary" onClick={() => setEditing("new")} disabled={editing === "new"}>
          Add channel
        </button>
      </div>
      {editing === "new" ? <ChannelForm key="new" onDone={() => setEditing(null)} /> : null}
      {channels.length === 0 && editing !== "new" ? (
        <p className="card p-5 text-sm text-slate-600 dark:text-slate-400">No channels yet. Add a signed webhook, a Slack-compatible webhook or an email channel, then send a test.</p>
      ) : null}
      <ul className="space-y-3">
        {channels.map((c) =>
          editing === c.id ? (
            <li key={c.id}>
              <ChannelForm channel={c} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <ChannelItem key={c.id} channel={c} onEdit={() => setEditing(c.id)} />
          ),
        )}
      </ul>
    </section>
  );
}

function Destination({ c }: { c: Channel }) {
  if (c.kind === "webhook")
    return (
      <>
        <span className="mono break-all">{c.url}</span>
        <span className="text-slate-600 dark:text-slate-400"> · signed with </span>
        <span className="mono">{c.signingSecretEnv}</span>
      </>
    );
  if (c.kind === "slack")
    return (
      <>
        <span className="text-slate-600 dark:text-slate-400">URL from </span>
        <span className="mono">{c.urlEnv}</span>
      </>
    );
  return <span className="break-all">{(c.to ?? []).join(", ")}</span>;
}

function ChannelItem({ channel: c, onEdit }: { channel: Channel; onEdit: () => void }) {
  const qc = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: notifyKeys.all });
  const toggle = useMutation({ mutationFn: (enabled: boolean) => updateChannelRequest(c.id, { enabled }), onSuccess: refresh, onError: (e) => setProblem(problemOf(e)) });
  const del = useMutation({ mutationFn: () => deleteChannelRequest(c.id), onSuccess: refresh, onError: (e) => setProblem(problemOf(e)) });

  return (
    <li className="card p-4" data-testid="channel-item" data-channel-name={c.name}>
      <div className="flex flex-col gap-3 lg:flex-row lg:items-start lg:justify-between">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="font-medium">{c.name}</h3>
            <Badge tone="neutral">{KIND_BADGE[c.kind]}</Badge>
            {c.configured ? <Badge tone="pass">configured</Badge> : null}
            {c.missing.map((m) => (
              <Badge key={m} tone="warn" title="Set it in the server's environment and restart">
                {m} is not set
              </Badge>
            ))}
            {!c.enabled ? <Badge tone="neutral">disabled</Badge> : null}
          </div>
          <p className="text-sm">
            <Destination c={c} />
          </p>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Last delivery:{" "}
            {c.lastDelivery ? (
              <>
                <DeliveryStatusBadge status={c.lastDelivery.status} /> <When iso={c.lastDelivery.createdAt} />
              </>
            ) : (
              "none yet"
            )}
          </p>
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-2">
          <label className="inline-flex items-center gap-2 text-sm">
            <input type="checkbox" className="accent-sky-700" checked={toggle.isPending ? toggle.variables : c.enabled} disabled={toggle.isPending} onChange={(e) => toggle.mutate(e.target.checked)} aria-label={`Enabled: ${c.name}`} />
            Enabled
          </label>
          <button type="button" className="btn-secondary" onClick={onEdit} aria-label={`Edit ${c.name}`}>
            Edit
          </button>
          <ConfirmButton
            className="btn-ghost"
            label={del.isPending ? "Deleting…" : "Delete"}
            ariaLabel={`Delete ${c.name}`}
            pending={del.isPending}
            title={`Delete the channel ${c.name}?`}
            confirmLabel="Delete channel"
            confirmAriaLabel={`Confirm delete ${c.name}`}
            onConfirm={() => del.mutate()}
          >
            Rules stop sending to it and its delivery log is removed; this cannot be undone.
          </ConfirmButton>
        </div>
      </div>
      <SendTest channel={c} />
      {problem ? <p role="alert" className="field-error">{problem}</p> : null}
    </li>
  );
}

/** "Send test": enqueues a test message through the outbox, then follows that delivery until it is delivered or failed. */
function SendTest({ channel: c }: { channel: Channel }) {
  const qc = useQueryClient();
  const [deliveryId, setDeliveryId] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: () => testChannelRequest(c.id),
    onSuccess: ({ delivery }) => {
      setDeliveryId(delivery.id);
      void qc.invalidateQueries({ queryKey: notifyKeys.all });
    },
  });
  const followed = useQuery({
    queryKey: [...notifyKeys.deliveries(c.id), "test", deliveryId],
    queryFn: async () => (await deliveriesPage(c.id, null, 20)).deliveries.find((d) => d.id === deliveryId) ?? null,
    enabled: deliveryId !== null,
    refetchInterval: (q) => (q.state.data && !isOpen(q.state.data.status) ? false : 1000),
  });
  const d = followed.data;
  const done = d && !isOpen(d.status);
  // The channel's "last delivery" and the log catch up once the test settles.
  useEffect(() => {
    if (done) void qc.invalidateQueries({ queryKey: notifyKeys.all });
  }, [done, qc]);

  return (
    <div className="mt-3 flex flex-wrap items-center gap-3 border-t border-slate-200 pt-3 dark:border-slate-800">
      <button type="button" className="btn-secondary" onClick={() => send.mutate()} disabled={send.isPending || !c.enabled} aria-label={`Send test to ${c.name}`}>
        {send.isPending ? "Sending…" : "Send test"}
      </button>
      <div aria-live="polite" className="text-sm" data-testid="test-result">
        {send.isError ? <span className="text-red-700 dark:text-red-400">{problemOf(send.error)}</span> : null}
        {deliveryId && !done ? <Spinner label={d ? `Test ${d.status}… attempt ${d.attempts} of ${d.maxAttempts}` : "Test queued…"} /> : null}
        {done ? (
          <span className="inline-flex flex-wrap items-center gap-2">
            Test <DeliveryStatusBadge status={d.status} />
            {d.status === "delivered" ? <span className="text-slate-600 dark:text-slate-400">after {d.attempts} of {d.maxAttempts} attempts</span> : null}
            {d.lastError ? <span className="break-all text-red-700 dark:text-red-400">{d.lastError}</span> : null}
          </span>
        ) : null}
        {!c.enabled ? <span className="text-slate-600 dark:text-slate-400">Enable the channel to send a test.</span> : null}
      </div>
    </div>
  );
}
