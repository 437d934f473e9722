"use client";

import { useQuery } from "@tanstack/react-query";
import { ChannelList } from "@/components/notify/channel-list";
import { DeliveryLog } from "@/components/notify/delivery-log";
import { channelsQuery, rulesQuery } from "@/components/notify/queries";
import { RulesSection } from "@/components/notify/rules";
import { Spinner } from "@/components/ui/spinner";

export function NotificationsView() {
  const channels = useQuery(channelsQuery());
  const rules = useQuery(rulesQuery());
  if (channels.isPending || rules.isPending) return <Spinner label="Loading channels and rules…" />;
  if (channels.isError || rules.isError)
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        Channels and rules could not be loaded. Reload the page to try again.
      </p>
    );
  return (
    <div className="space-y-8">
      <ChannelList channels={channels.data} />
      <RulesSection rules={rules.data} channels={channels.data} />
      <DeliveryLog channels={channels.data} />
    </div>
  );
}
