import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { type HistoryFilterValues, pickFilterValues, resolveRange } from "@/lib/history/filters";
import { countUnreviewed } from "@/lib/history/rehearsals";
import { personOptions } from "@/lib/history/people";
import { historySummary, SummaryQuerySchema } from "@/lib/history/summary";
import { listRuns } from "@/lib/smoke/store";

export const HISTORY_PAGE_SIZE = 50;

/**
 * Everything the history overview renders, read straight from lib (server
 * component, no HTTP hop). Invalid filter values are dropped and reported,
 * never a crash: a hand-edited URL still shows a page.
 */
export async function historyPageData(params: Record<string, string | string[] | undefined>, now = new Date()) {
  let values: HistoryFilterValues = pickFilterValues(params);
  const invalid: { path: string; message: string }[] = [];
  let parsed = SummaryQuerySchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "");
      invalid.push({ path: key || "(query)", message: issue.message });
      if (key) values = { ...values, [key]: undefined };
    }
    parsed = SummaryQuerySchema.safeParse(values);
    if (!parsed.success) values = {};
  }
  const filters = parsed.success ? parsed.data : {};
  const range = resolveRange(filters, now);
  const cursor = typeof params.cursor === "string" ? params.cursor : undefined;

  let page: Awaited<ReturnType<typeof listRuns>>;
  let cursorInvalid = false;
  try {
    page = await listRuns({ ...filters, from: filters.from ?? range.from.toISOString(), limit: HISTORY_PAGE_SIZE, cursor });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    cursorInvalid = true;
    page = await listRuns({ ...filters, from: filters.from ?? range.from.toISOString(), limit: HISTORY_PAGE_SIZE });
  }

  const [summary, targets, unreviewed, people] = await Promise.all([
    historySummary(filters, now),
    db.target.findMany({ select: { id: true, name: true, environmentLabel: true }, orderBy: [{ createdAt: "asc" }, { name: "asc" }] }),
    countUnreviewed(),
    personOptions(),
  ]);
  // A link can name an account that was removed since: keep it selectable, say so.
  if (filters.startedBy && !people.some((p) => p.value === filters.startedBy)) people.unshift({ value: filters.startedBy, label: "a removed account" });
  const environments = [...new Set(targets.map((t) => t.environmentLabel))].sort();
  const errorClasses = [...new Set(summary.failureClasses.map((c) => c.errorClass).concat(filters.errorClass ? [filters.errorClass] : []))].sort();
  return { values, invalid, filters, range, page, cursor, cursorInvalid, summary, targets, environments, errorClasses, unreviewed, people };
}
