import { checkReadiness } from "@/lib/packets/readiness";
import { FAILURE_MODE_STATE_LABELS, REHEARSAL_DECISION_ROWS } from "@/lib/packets/present";
import type { PacketDocument, VersionMeta } from "@/lib/packets/schema";
import { recordYaml } from "@/lib/smoke/records";
import { traceUrlFor } from "@/scripts/trace-url.mjs";

// The reviewer-ready Markdown export. Free text is escaped so that a pasted
// `<script>` or a Markdown link trick shows up as text in any renderer;
// identifiers go in code spans; every record is the guide's YAML template.

/** Escape Markdown and inline HTML in operator text. */
export function mdText(text: string): string {
  return text.replace(/([\\`*_[\]<>|#!~])/g, "\\$1");
}

/** A table cell: escaped, on one line, never empty. */
export function mdCell(text: string | number | null | undefined, empty = "—"): string {
  const s = text === null || text === undefined || text === "" ? empty : String(text);
  return mdText(s).replace(/\r?\n+/g, " ").trim();
}

/** A code span that cannot be broken out of. */
export function mdCode(text: string | number | null | undefined): string {
  if (text === null || text === undefined || text === "") return "—";
  const s = String(text).replace(/\r?\n+/g, " ");
  const fence = s.includes("`") ? "``" : "`";
  return `${fence}${fence.length > 1 ? " " : ""}${s}${fence.length > 1 ? " " : ""}${fence}`;
}

/**
 * A link target that cannot end early or start another link: parentheses,
 * angle brackets, whitespace, quotes, backslash and backtick are
 * percent-encoded (encodeURIComponent leaves `(` and `)` alone, which let
 * `https://x/a)[click](javascript:…)` become a second, working link).
 */
export function mdLinkTarget(url: string): string {
  return url.replace(/[()<>\s\\`'"]/gu, (c) => (c.charCodeAt(0) < 0x80 ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}` : encodeURIComponent(c)));
}

/** A link only for http(s) URLs; anything else is shown as escaped text. */
export function mdLink(url: string, label?: string): string {
  if (!url) return "—";
  if (!/^https?:\/\//i.test(url)) return mdCell(url);
  return `[${mdCell(label ?? url)}](${mdLinkTarget(url)})`;
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

function paragraph(text: string, empty: string): string {
  return text.trim() ? mdText(text.trim()) : `_${empty}_`;
}

/** `traceUrlTemplate`: presentation only, never part of the frozen document (decision 131). */
export type MarkdownOptions = { origin?: string; traceUrlTemplate?: string | null };

export function packetMarkdown(doc: PacketDocument, version: Pick<VersionMeta, "number" | "sha256" | "createdAt">, opts: MarkdownOptions = {}): string {
  const s = doc.sections;
  const readiness = checkReadiness(doc);
  const out: string[] = [];
  const footer = `Version ${version.number} · sha256 ${mdCode(version.sha256)} · frozen ${version.createdAt} · schemaVersion ${doc.schemaVersion}`;

  out.push(`# ${mdText(doc.title)}`);
  out.push("");
  const meta = [
    doc.incidentRef ? `Incident ${mdCell(doc.incidentRef)}` : null,
    doc.audience ? `Audience: ${mdCell(doc.audience)}` : null,
    `Environment: ${mdCell(s.environmentLabel, "not stated")}`,
    readiness.ready ? "Readiness: nothing blocking" : `Readiness: ${readiness.blocking.length} blocking item(s)`,
  ].filter(Boolean);
  out.push(`> Escalation packet · ${meta.join(" · ")}`);
  out.push(`> ${footer}`);
  out.push("");

  out.push("## Summary", "", paragraph(s.summary, "No summary written."), "");

  out.push("## Environment", "");
  out.push(`- Environment label: ${mdCell(s.environmentLabel, "not stated")}`);
  out.push(`- Environment mismatch: ${s.environmentMismatch.trim() ? mdCell(s.environmentMismatch) : "none recorded"}`);
  out.push("");

  out.push("## Timeline (UTC)", "");
  if (s.timeline.length) {
    out.push(table(["Time (UTC)", "Entry"], s.timeline.map((e) => [mdCode(e.at.replace(/\.\d{3}Z$/, "Z")), mdCell(e.text)])));
  } else out.push("_No timeline entries._");
  out.push("");

  out.push("## Attached records", "");
  if (doc.records.length) {
    out.push(
      table(
        ["Test id", "Path", "Target", "Status family", "Error class", "Retries", "Fallback decision", "Operator result"],
        doc.records.map((r) => {
          const rec = r.record;
          const id = opts.origin ? `[${mdCell(rec.test_id)}](${opts.origin}/records/${r.runId})` : mdCode(rec.test_id);
          return [
            id,
            r.path,
            mdCell(r.targetName),
            mdCode(rec.http_status_code ? `${rec.http_status_family} (${rec.http_status_code})` : rec.http_status_family),
            mdCode(rec.client_error_class),
            `${rec.retry_attempts} of ${rec.retry_ceiling}`,
            mdCode(rec.fallback_decision),
            mdCode(rec.operator_result),
          ];
        }),
      ),
    );
    out.push("");
    out.push("### Correlation ids", "");
    const rows: string[][] = [];
    const traceCell = (traceId: string) => {
      const url = traceUrlFor(opts.traceUrlTemplate, traceId);
      return url ? `[${mdCode(traceId)}](${mdLinkTarget(url)})` : mdCode(traceId);
    };
    for (const r of doc.records) {
      const safe = r.idsSafeToShare ? "yes" : "no";
      if (r.record.attempts.length === 0) rows.push([mdCode(r.record.test_id), "—", traceCell(r.record.trace_id_placeholder), mdCode(r.record.request_id), safe]);
      for (const a of r.record.attempts) {
        rows.push([mdCode(r.record.test_id), `${a.seq + 1} (${a.role})`, traceCell(r.record.trace_id_placeholder), mdCode(a.requestId), safe]);
      }
    }
    out.push(table(["Test id", "Attempt", "Trace id", "Provider request id", "Safe to share internally"], rows));
    out.push("");
    for (const r of doc.records) {
      out.push(`### ${mdText(r.record.test_id)} — ${r.path} path${r.errorScenario ? ` (${r.errorScenario})` : ""}`, "");
      out.push("```yaml", recordYaml(r.record).trimEnd().replace(/```/g, "ʼʼʼ"), "```", "");
    }
  } else out.push("_No records attached._", "");
  for (const path of ["happy", "error"] as const) {
    if (!doc.records.some((r) => r.path === path) && s.missingPathReasons[path].trim()) {
      out.push(`No ${path}-path record: ${mdText(s.missingPathReasons[path].trim())}`, "");
    }
  }

  out.push("## Not verified", "");
  if (s.notVerified.items.length) {
    for (const i of s.notVerified.items) {
      out.push(i.sourceAttached ? `- [x] ${mdText(i.label)} — source attached: ${mdLink(i.sourceUrl)}` : `- [ ] ${mdText(i.label)} — not verified`);
    }
  }
  if (s.notVerified.notes.trim()) out.push("", mdText(s.notVerified.notes.trim()));
  // Suggested sources nobody confirmed are not "checked": they are listed here instead (decision 040).
  for (const x of s.sourcesChecked.filter((r) => !r.confirmed)) out.push(`- [ ] Suggested source not checked: ${mdText(x.title || "untitled")} — ${mdLink(x.url)}`);
  if (!s.notVerified.items.length && !s.notVerified.notes.trim() && s.sourcesChecked.every((r) => r.confirmed)) out.push("_Nothing listed._");
  out.push("");

  out.push("## Account gaps", "");
  out.push(
    s.accountGaps.length
      ? table(["Fact", "Why it is outside the public packet", "Authorized source that would settle it"], s.accountGaps.map((g) => [mdCell(g.fact), mdCell(g.whyOutside), mdCell(g.authorizedSource)]))
      : "_No account gaps recorded._",
  );
  out.push("");

  out.push("## Sources checked", "");
  out.push(
    s.sourcesChecked.some((x) => x.confirmed)
      ? table(["Title", "URL", "Accessed", "Purpose"], s.sourcesChecked.filter((x) => x.confirmed).map((x) => [mdCell(x.title), mdLink(x.url), mdCell(x.accessed), mdCell(x.purpose)]))
      : "_No sources listed._",
  );
  out.push("");

  out.push("## Contract details to verify", "");
  out.push(
    s.contractChecks.length
      ? table(
          ["Area", "What to verify", "Source URL", "Accessed", "Safe candidate wording"],
          s.contractChecks.map((c) => [
            mdCell(c.area),
            mdCell(c.whatToVerify),
            c.confirmed ? mdLink(c.sourceUrl) : c.sourceUrl ? `suggested: ${mdLink(c.sourceUrl)}` : "—",
            c.confirmed ? mdCell(c.accessed) : "to verify",
            mdCell(c.safeWording),
          ]),
        )
      : "_No contract rows._",
  );
  out.push("");

  out.push("## Failure modes", "");
  out.push(table(["Failure mode", "State", "Note"], s.failureModes.map((f) => [mdCell(f.label), FAILURE_MODE_STATE_LABELS[f.state], mdCell(f.note)])));
  out.push("");

  out.push("## Rehearsal decisions", "");
  REHEARSAL_DECISION_ROWS.forEach((d, i) => {
    out.push(`${i + 1}. **${d.label}** ${s.decisions[d.key].trim() ? mdCell(s.decisions[d.key]) : "_Not decided._"}`);
  });
  out.push("");

  out.push("## Readiness", "");
  if (readiness.blocking.length === 0 && readiness.warnings.length === 0) out.push("Nothing blocking, no warnings.");
  for (const b of readiness.blocking) out.push(`- Blocking: ${mdText(b.message)}`);
  for (const w of readiness.warnings) out.push(`- Warning: ${mdText(w.message)}`);
  out.push("");

  out.push("---", "", footer, "");
  return out.join("\n");
}
