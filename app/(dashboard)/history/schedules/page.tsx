import type { Metadata } from "next";
import Link from "next/link";
import { HistoryTabs } from "@/components/history/history-tabs";
import { ScheduleEditor } from "@/components/history/schedule-editor";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/lib/env";
import { countUnreviewed } from "@/lib/history/rehearsals";
import { listSchedules } from "@/lib/schedule/service";
import { requirePageUser } from "@/lib/auth/page";

export const metadata: Metadata = { title: "Schedules · History" };
export const dynamic = "force-dynamic";

export default async function SchedulesPage() {
  await requirePageUser();
  const [schedules, unreviewed] = await Promise.all([listSchedules(), countUnreviewed()]);
  const off = env().SCHEDULER === "off";
  return (
    <>
      <PageHeader
        title="History"
        description="Rehearsals this server runs on a schedule."
        guide="This server runs a rehearsal (happy + error path) on each due slot, one at a time per target. Slots that pass while the server is down are recorded as missed, not run late."
      />
      <HistoryTabs current="schedules" unreviewed={unreviewed} />
      {off ? (
        <p role="status" className="card mb-4 border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          The scheduler is off in this process (SCHEDULER=off). Schedules are saved but no rehearsal starts until a server runs with SCHEDULER=on.
        </p>
      ) : null}
      {schedules.length === 0 ? (
        <EmptyState title="No targets" action={<Link className="btn-primary" href="/targets">Add a target</Link>}>
          A schedule belongs to a target. Add one first.
        </EmptyState>
      ) : (
        <ul className="grid grid-cols-1 gap-4">
          {schedules.map((s) => (
            <ScheduleEditor key={`${s.targetId}-${s.cron}-${s.enabled}`} schedule={s} />
          ))}
        </ul>
      )}
    </>
  );
}
