import type { Metadata } from "next";
import Link from "next/link";
import { HistoryTabs } from "@/components/history/history-tabs";
import { RehearsalsTable } from "@/components/history/rehearsals-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { db } from "@/lib/db";
import { countUnreviewed, listRehearsals, RehearsalFiltersSchema } from "@/lib/history/rehearsals";
import { requirePageUser } from "@/lib/auth/page";
import { personOptions } from "@/lib/history/people";

export const metadata: Metadata = { title: "Rehearsals · History" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const REVIEW_TABS = [
  { key: "unreviewed", label: "Unreviewed" },
  { key: "reviewed", label: "Reviewed" },
  { key: "all", label: "All" },
] as const;

export default async function RehearsalsPage({ searchParams }: Props) {
  await requirePageUser();
  const sp = await searchParams;
  const first = (k: string) => (typeof sp[k] === "string" && sp[k] ? (sp[k] as string) : undefined);
  // NOTE: unreviewed first: it is the lead's Monday to-do list.
  const parsed = RehearsalFiltersSchema.safeParse({ review: first("review") ?? "unreviewed", targetId: first("targetId"), startedBy: first("startedBy"), cursor: first("cursor"), limit: 25 });
  const filters = parsed.success ? parsed.data : RehearsalFiltersSchema.parse({ review: "unreviewed", limit: 25 });
  const [page, unreviewed, targets, people] = await Promise.all([
    listRehearsals(filters).catch(() => listRehearsals({ ...filters, cursor: undefined })),
    countUnreviewed(),
    db.target.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    personOptions(),
  ]);
  const href = (over: Record<string, string | undefined>) => {
    const p = new URLSearchParams();
    const merged = { review: filters.review, targetId: filters.targetId, startedBy: filters.startedBy, ...over };
    for (const [k, v] of Object.entries(merged)) if (v) p.set(k, v);
    return `/history/rehearsals?${p}`;
  };

  return (
    <>
      <PageHeader title="History" description="Each rehearsal with its two records, the three decisions and your review."
        guide="A rehearsal is the guide's five-minute evidence rehearsal: one happy-path record and one controlled error-path record, then three decisions — which trace or request id is safe to share, which account facts stay outside the packet, and when to hold fallback instead of retrying. Each row links to the packet it fed." />
      <HistoryTabs current="rehearsals" unreviewed={unreviewed} />
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <nav aria-label="Review status" className="inline-flex rounded-md border border-slate-300 p-0.5 dark:border-slate-700">
          {REVIEW_TABS.map((t) => (
            <Link
              key={t.key}
              href={href({ review: t.key, cursor: undefined })}
              aria-current={filters.review === t.key ? "page" : undefined}
              className={`rounded px-3 py-1 text-sm ${filters.review === t.key ? "bg-sky-700 text-white" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"}`}
            >
              {t.label}
              {t.key === "unreviewed" ? ` (${unreviewed.toLocaleString("en-US")})` : ""}
            </Link>
          ))}
        </nav>
        <form action="/history/rehearsals" method="get" className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="review" value={filters.review} />
          <label className="text-sm">
            <span className="field-label">Target</span>
            <select name="targetId" defaultValue={filters.targetId ?? ""} className="input">
              <option value="">Any</option>
              {targets.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="field-label">Started by</span>
            <select name="startedBy" defaultValue={filters.startedBy ?? ""} className="input">
              <option value="">Anyone</option>
              {people.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn-secondary">Show</button>
        </form>
      </div>
      {page.items.length === 0 ? (
        <EmptyState
          title={filters.review === "unreviewed" ? "Nothing waiting for review" : "No rehearsals here"}
          action={
            <Link className="btn-secondary" href="/rehearse">
              Run a rehearsal
            </Link>
          }
        >
          {filters.review === "unreviewed"
            ? "Every finished rehearsal has been reviewed. New ones, manual or scheduled, show up here."
            : "No rehearsal matches. A rehearsal is a happy-path run plus a controlled error-path run on one target."}
        </EmptyState>
      ) : (
        <RehearsalsTable items={page.items} />
      )}
      <nav aria-label="Pages" className="mt-3 flex justify-between">
        {filters.cursor ? <Link className="btn-ghost" href={href({ cursor: undefined })}>← Newest</Link> : <span />}
        {page.nextCursor ? (
          <Link className="btn-secondary" href={href({ cursor: page.nextCursor })} rel="next">
            Older rehearsals →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
