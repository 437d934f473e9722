import "server-only";
import { db } from "@/lib/db";
import { logger } from "@/lib/log";
import type { Prisma } from "@/lib/generated/prisma/client";
import { STREAM_FIELDS, streamValues, TEMPLATE_FIELDS, templateValues, toRecord } from "@/lib/smoke/records";
import { runsAfter, runWhere, type RunFilters } from "@/lib/smoke/store";
import { traceUrlFor } from "@/scripts/trace-url.mjs";

// CSV of the filtered runs: the guide's template field names first, in its
// order, then the extra record fields a lead filters on. Streamed in keyset
// batches so an export of 100 000 runs never sits in memory.

export const CSV_COLUMNS = [
  ...TEMPLATE_FIELDS,
  "http_status_code",
  "retry_ceiling",
  "contract_result",
  "response_object_family",
  "duration_ms",
  "target_name",
  "path",
  "error_scenario",
  "trigger",
  "rehearsal_id",
  "started_by",
  // Streaming facts (docs/decisions/110): empty but `stream` for a run sent without a stream.
  ...STREAM_FIELDS,
] as const;

const BATCH = 1000;

// OWASP CSV injection guidance: a text cell that starts with a formula
// character, or has one right after a `,` or `;` (a spreadsheet opened with
// that separator would start a new cell there), gets a leading `'`; every
// cell holding a separator (`,` or `;`), quote or line break is quoted.
const FORMULA_START = /^[=+\-@\t\r]/;
const FORMULA_AFTER_SEPARATOR = /[,;]\s*[=+\-@\t\r]/;

/** RFC 4180 quoting, and a leading ' on cells a spreadsheet would run as a formula. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (typeof value === "string" && (FORMULA_START.test(s) || FORMULA_AFTER_SEPARATOR.test(s))) s = `'${s}`;
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

type Row = Prisma.RunGetPayload<object>;

/** `traceUrlTemplate` set (TRACE_URL_TEMPLATE): one more column, `trace_url`, last (decision 131). */
export function csvLine(run: Row, traceUrlTemplate: string | null = null): string {
  // Template fields carry exactly the values of the record's YAML export.
  const record = toRecord(run, []);
  const template = templateValues(record);
  const stream = streamValues(record);
  const cells: (string | number | null)[] = [
    ...TEMPLATE_FIELDS.map((f) => template[f]),
    run.httpStatusCode,
    run.retryCeiling,
    run.contractResult,
    run.responseObjectFamily,
    run.durationMs,
    run.targetName,
    run.path,
    run.errorScenario,
    run.trigger,
    run.rehearsalId,
    run.startedByLabel,
    ...STREAM_FIELDS.map((f) => stream[f]),
    ...(traceUrlTemplate ? [traceUrlFor(traceUrlTemplate, run.traceId)] : []),
  ];
  return cells.map(csvCell).join(",") + "\r\n";
}

/**
 * The filtered runs as a CSV stream. The first batch is read before the
 * stream is returned, so a failing query is an error response, not a 200
 * with an empty body; a later failure ends the stream with an error (the
 * client sees a truncated download, never a silently short file).
 */
export async function exportRunsCsv(filters: Omit<RunFilters, "limit" | "cursor">, traceUrlTemplate: string | null = null): Promise<ReadableStream<Uint8Array>> {
  const base = runWhere(filters);
  const enc = new TextEncoder();
  let after: { checkedAt: Date; id: number } | null = null;
  const batch = async () => {
    const where = after ? runsAfter(base, after.checkedAt, after.id) : base;
    const rows = await db.run.findMany({ where, orderBy: [{ checkedAt: "desc" }, { id: "desc" }], take: BATCH });
    const last = rows[rows.length - 1];
    if (last) after = { checkedAt: last.checkedAt, id: last.id };
    return rows;
  };
  let pending: Awaited<ReturnType<typeof batch>> | null = await batch();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(enc.encode([...CSV_COLUMNS, ...(traceUrlTemplate ? ["trace_url"] : [])].join(",") + "\r\n"));
    },
    async pull(controller) {
      try {
        const rows = pending ?? (await batch());
        pending = null;
        if (rows.length > 0) controller.enqueue(enc.encode(rows.map((r) => csvLine(r, traceUrlTemplate)).join("")));
        if (rows.length < BATCH) controller.close();
      } catch (err) {
        logger.error({ err: (err as Error).name }, "CSV export stopped on a database error");
        controller.error(err);
      }
    },
  });
}
