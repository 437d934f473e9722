import type { PacketRecord } from "@/lib/packets/schema";

// A draft summary sentence in the guide's style: which boundary, which status
// family, how many bounded retries, what the fallback decision was and why.
// Only facts present in the records are used; the operator edits the rest.

const NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

function retries(n: number): string {
  if (n === 0) return "with no retry";
  const w = NUMBER_WORDS[n] ?? String(n);
  return `after ${w} bounded ${n === 1 ? "retry" : "retries"}`;
}

function because(r: PacketRecord): string {
  const rec = r.record;
  if (rec.contract_result === "fail") return "the response-shape assertion failed";
  if (rec.client_error_class && rec.client_error_class !== "none") return `the client error class was ${rec.client_error_class}`;
  if (r.fallbackReason) return r.fallbackReason.replace(/\.$/, "");
  return "the hold policy applied";
}

function outcome(r: PacketRecord): string {
  const rec = r.record;
  const family = rec.http_status_family;
  const got =
    !family || family === "none"
      ? `got no response${rec.client_error_class && rec.client_error_class !== "none" ? ` (${rec.client_error_class})` : ""}`
      : `returned a ${family} status family`;
  return `${got} ${retries(rec.retry_attempts)}`;
}

function decision(r: PacketRecord): string {
  switch (r.record.fallback_decision) {
    case "primary_retained":
      return "and the primary route was retained";
    case "fallback_used":
      return "then the fallback route was used";
    case "manual_hold":
      return `then the fallback route was held because ${because(r)}`;
    default:
      return "and no fallback decision was recorded";
  }
}

/** "4xx status family", or "no response (APIConnectionTimeoutError)" when no HTTP response came back. */
export function statusPhrase(rec: Pick<PacketRecord["record"], "http_status_family" | "http_status_code" | "client_error_class">): string {
  const family = rec.http_status_family;
  if (!family) return "status family not recorded";
  if (family === "none") return `no response${rec.client_error_class && rec.client_error_class !== "none" ? ` (${rec.client_error_class})` : ""}`;
  return `${family} status family${rec.http_status_code ? ` (${rec.http_status_code})` : ""}`;
}

/**
 * The drafted timeline line for one record: when it ran and what it saw, in
 * words ("no response", never "none status family").
 */
export function timelineText(r: { testId: string; path: string; targetName: string; record: PacketRecord["record"] }): string {
  const rec = r.record;
  return `${r.testId}: ${r.path}-path check on ${r.targetName} — ${statusPhrase(rec)}, ${rec.retry_attempts} retr${rec.retry_attempts === 1 ? "y" : "ies"}, ${rec.fallback_decision ?? "no fallback decision"}.`;
}

export function recordSentence(r: PacketRecord): string {
  const rec = r.record;
  const which = r.path === "happy" ? "happy-path check" : `controlled error-path check${r.errorScenario ? ` (${r.errorScenario.replace(/_/g, " ")})` : ""}`;
  return `The ${which} on ${r.targetName} (${rec.environment_label}): the ${rec.endpoint_family} request path ${outcome(r)}, ${decision(r)}.`;
}

/** One sentence per attached record, error paths first (they are why the packet exists). */
export function draftSummary(records: PacketRecord[]): string {
  if (records.length === 0) return "";
  const ordered = [...records.filter((r) => r.path === "error"), ...records.filter((r) => r.path === "happy")];
  return ordered.slice(0, 4).map(recordSentence).join(" ");
}
