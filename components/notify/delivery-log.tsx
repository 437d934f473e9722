"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DeliveryStatusBadge } from "@/components/notify/delivery-status";
import { deliveriesPage, eventLabel, isOpen, notifyKeys, type Channel } from "@/components/notify/queries";
import { When } from "@/components/notify/when";
import { Field } from "@/components/ui/field";


/** Every message the outbox holds, newest first; refreshes every 2 s while any shown delivery is still pending or sending. */
export function DeliveryLog({ channels }: { channels: Channel[] }) {
  const [channelId, setChannelId] = useState("");
  const q = useInfiniteQuery({
    queryKey: notifyKeys.deliveries(channelId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => deliveriesPage(channelId, pageParam),
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.deliveries.some((d) => isOpen(d.status))) ? 2000 : false),
  });
  const items = q.data?.pages.flatMap((p) => p.deliveries) ?? [];
  const pending = items.some((d) => isOpen(d.status));

  return (
    <section aria-labelledby="deliveries-h" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="deliveries-h" className="text-lg font-semibold">Delivery log</h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Each message, its attempts and its last error (sanitized). {pending ? "Refreshing while a delivery is pending." : null}
          </p>
        </div>
        <Field label="Channel" className="w-full sm:w-64">
          {(a11y) => (
            <select {...a11y} name="channelId" className="input" value={channelId} onChange={(e) => setChannelId(e.target.value)}>
              <option value="">All channels</option>
              {channels.map((c) => (
                <option key={c.id} value={c.id}>{c.name}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="card relative overflow-x-auto">
        {/* Below sm the rows stack as cards: status beside the message, never off-screen. */}
        <table className="block w-full sm:table sm:min-w-[40rem]" data-testid="delivery-log">
          <caption className="sr-only">Delivery log</caption>
          <thead className="hidden border-b border-slate-200 sm:table-header-group dark:border-slate-800">
            <tr>
              <th scope="col" className="table-th">Message</th>
              <th scope="col" className="table-th">Status</th>
              <th scope="col" className="table-th">Last error</th>
            </tr>
          </thead>
          <tbody className="block divide-y divide-slate-100 sm:table-row-group dark:divide-slate-800">
            {items.map((d) => (
              <tr key={d.id} className="block sm:table-row" data-testid="delivery-row" data-event={d.event} data-status={d.status}>
                <td className="table-td block sm:table-cell">
                  <div className="font-medium">{eventLabel(d.event)}</div>
                  <div className="text-xs text-slate-700 dark:text-slate-300">{d.subject}</div>
                  <div className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
                    to {d.channelName} · <When iso={d.createdAt} />
                  </div>
                </td>
                <td className="table-td block pt-0 sm:table-cell sm:pt-2">
                  <div className="flex flex-wrap items-center gap-2">
                    <DeliveryStatusBadge status={d.status} />
                    <span className="whitespace-nowrap text-xs">
                      {d.attempts} of {d.maxAttempts} attempts
                    </span>
                  </div>
                  <div className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
                    {d.deliveredAt ? (
                      <>
                        delivered <When iso={d.deliveredAt} />
                      </>
                    ) : d.nextAttemptAt && isOpen(d.status) ? (
                      <>
                        next attempt <When iso={d.nextAttemptAt} />
                      </>
                    ) : null}
                  </div>
                </td>
                <td className="table-td block max-w-sm break-words pt-0 text-xs sm:table-cell sm:pt-2">
                  <span className="text-slate-600 sm:hidden dark:text-slate-400">Last error: </span>
                  {d.lastError ?? <span className="text-slate-600 dark:text-slate-400">none</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {q.isSuccess && items.length === 0 ? <p className="p-4 text-sm text-slate-600 dark:text-slate-400">No deliveries yet.</p> : null}
        {q.isError ? (
          <p role="alert" className="p-4 text-sm text-red-700 dark:text-red-400">
            The delivery log could not be loaded.
          </p>
        ) : null}
      </div>
      {q.hasNextPage ? (
        <button type="button" className="btn-secondary" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {q.isFetchingNextPage ? "Loading…" : "Older deliveries"}
        </button>
      ) : null}
    </section>
  );
}
