import { describePath } from "@/lib/packets/guide";
import { PACKET_SCHEMA_VERSION } from "@/lib/packets/constants";
import type { NotVerifiedItem, PacketDocument, PacketRecord, Readiness, ReadinessItem } from "@/lib/packets/schema";
import { findSecrets } from "@/lib/shared/secret-guard";

// The readiness check: pure, so the editor panel, the API and the exports
// all agree. Blocking items keep a packet from being marked ready (and from
// being shared); warnings are shown but do not block.

export type ReadinessInput = Pick<PacketDocument, "title" | "incidentRef" | "audience" | "sections" | "records"> & {
  /** The rule set: a version frozen under schemaVersion 1 is judged by the rules of its time. */
  schemaVersion?: number;
};

/** NOTE: about two minutes of reading at ~200 words a minute plus tables. */
export const SCAN_LIMITS = { words: 900, records: 12, timelineEntries: 25 } as const;

/** Every free-text string in a packet, with its API path. */
export function textFields(p: Pick<ReadinessInput, "title" | "incidentRef" | "audience" | "sections">): { path: string; text: string }[] {
  const s = p.sections;
  const out: { path: string; text: string }[] = [
    { path: "title", text: p.title },
    { path: "incidentRef", text: p.incidentRef },
    { path: "audience", text: p.audience },
    { path: "sections.summary", text: s.summary },
    { path: "sections.environmentLabel", text: s.environmentLabel },
    { path: "sections.environmentMismatch", text: s.environmentMismatch },
    { path: "sections.missingPathReasons.happy", text: s.missingPathReasons.happy },
    { path: "sections.missingPathReasons.error", text: s.missingPathReasons.error },
    { path: "sections.notVerified.notes", text: s.notVerified.notes },
    { path: "sections.decisions.safeIdentifier", text: s.decisions.safeIdentifier },
    { path: "sections.decisions.accountFacts", text: s.decisions.accountFacts },
    { path: "sections.decisions.holdFallback", text: s.decisions.holdFallback },
  ];
  s.timeline.forEach((e, i) => out.push({ path: `sections.timeline.${i}.text`, text: e.text }));
  s.notVerified.items.forEach((e, i) => {
    out.push({ path: `sections.notVerified.items.${i}.label`, text: e.label });
    out.push({ path: `sections.notVerified.items.${i}.sourceUrl`, text: e.sourceUrl });
  });
  s.accountGaps.forEach((g, i) => {
    for (const k of ["fact", "whyOutside", "authorizedSource"] as const) out.push({ path: `sections.accountGaps.${i}.${k}`, text: g[k] });
  });
  s.sourcesChecked.forEach((src, i) => {
    for (const k of ["title", "url", "purpose"] as const) out.push({ path: `sections.sourcesChecked.${i}.${k}`, text: src[k] });
  });
  s.contractChecks.forEach((c, i) => {
    for (const k of ["area", "whatToVerify", "sourceUrl", "safeWording"] as const) out.push({ path: `sections.contractChecks.${i}.${k}`, text: c[k] });
  });
  s.failureModes.forEach((f, i) => out.push({ path: `sections.failureModes.${i}.note`, text: f.note }));
  return out.filter((f) => f.text.length > 0);
}

/**
 * Claims the guide says not to assert without a source, mapped to the
 * not-verified item whose attached source would back them.
 */
export const CLAIM_PATTERNS: { itemId: string; topic: string; re: RegExp }[] = [
  { itemId: "quota", topic: "account quota", re: /\b(quotas?|billing|credits? (?:left|remaining|exhausted))\b/i },
  { itemId: "pricing", topic: "pricing", re: /\b(pricing|prices?|priced|cost per|per[- ]token cost)\b/i },
  { itemId: "uptime", topic: "uptime", re: /\b(uptime|SLA|\d{2}(?:\.\d+)?\s?% (?:available|availability|up))\b/i },
  { itemId: "provider-availability", topic: "provider availability", re: /\b(outage|(?:provider|service|api) (?:is |was )?(?:down|unavailable|available)|availability)\b/i },
  { itemId: "model-availability", topic: "model availability", re: /\bmodel (?:is |was )?(?:down|unavailable|available|deprecated|retired)\b/i },
  { itemId: "rate-limits", topic: "rate limits", re: /\b(rate[- ]?limit(?:s|ed|ing)?|RPM|TPM|requests per minute|tokens per minute)\b/i },
];

/** Free text where a claim would be an assertion (not the sections that list what was left out). */
function claimFields(p: ReadinessInput) {
  return textFields(p).filter(
    (f) =>
      f.path === "title" ||
      f.path === "sections.summary" ||
      f.path === "sections.environmentMismatch" ||
      f.path.startsWith("sections.timeline.") ||
      f.path.startsWith("sections.failureModes.") ||
      f.path === "sections.decisions.holdFallback",
  );
}

const sourced = (items: NotVerifiedItem[], id: string) => items.some((i) => i.id === id && i.sourceAttached && i.sourceUrl !== "");

/** Fields the guide's minimum assertions need on every record. */
export function missingRecordFields(r: PacketRecord): string[] {
  const rec = r.record;
  const missing: string[] = [];
  if (!rec.http_status_family) missing.push("status family");
  if (!rec.client_error_class) missing.push("error class");
  if (!Number.isInteger(rec.retry_attempts) || rec.retry_attempts < 0) missing.push("retry count");
  if (!rec.fallback_decision) missing.push("fallback decision");
  if (!rec.trace_id_placeholder) missing.push("trace id");
  if (!rec.sanitized_error_summary) missing.push("sanitized summary");
  return missing;
}

const words = (t: string) => (t.trim() ? t.trim().split(/\s+/).length : 0);

export function checkReadiness(p: ReadinessInput): Readiness {
  const blocking: ReadinessItem[] = [];
  const warnings: ReadinessItem[] = [];
  const s = p.sections;

  for (const path of ["happy", "error"] as const) {
    const has = p.records.some((r) => r.path === path);
    if (!has && !s.missingPathReasons[path].trim()) {
      blocking.push({
        rule: `record-${path}-path`,
        message: `No ${path}-path record is attached. Attach one, or state why there is none.`,
        where: "records",
      });
    }
  }

  for (const r of p.records) {
    const missing = missingRecordFields(r);
    if (missing.length) {
      blocking.push({ rule: "record-complete", message: `${r.record.test_id} is missing ${missing.join(", ")}.`, where: "records" });
    }
  }

  if (s.notVerified.items.length === 0 && !s.notVerified.notes.trim()) {
    blocking.push({ rule: "not-verified", message: "The not-verified section is empty. Say what you did not verify.", where: "notVerified" });
  }

  // Rule set 2 (decision 040): the packet states only what the operator said or confirmed.
  if ((p.schemaVersion ?? PACKET_SCHEMA_VERSION) >= 2) {
    if (!s.summary.trim()) {
      blocking.push({ rule: "summary-empty", message: "No summary. Say which request boundary failed, the status family, the retries and the fallback decision.", where: "summary" });
    } else if (!s.summaryConfirmed) {
      blocking.push({ rule: "summary-unconfirmed", message: "The summary is the draft from the records; nobody has confirmed it. Edit it, or accept it as written.", where: "summary" });
    }
    const own = s.notVerified.items.some((i) => i.confirmed) || s.notVerified.notes.trim() !== "";
    if (!own && s.notVerified.items.length > 0) {
      blocking.push({
        rule: "not-verified-unconfirmed",
        message: "No short note about what you did not verify: keep one of the suggested items, add your own, or write it in the free text.",
        where: "notVerified",
      });
    }
    const unconfirmed = s.sourcesChecked.filter((x) => !x.confirmed);
    if (unconfirmed.length) {
      blocking.push({
        rule: "sources-unconfirmed",
        message: `Sources checked: ${unconfirmed.length} source${unconfirmed.length === 1 ? " is" : "s are"} still to verify (${unconfirmed.map((x) => x.title || "untitled").join(", ")}). Confirm the exact source page you used and the date you accessed it, or remove the row.`,
        where: "sources",
      });
    }
  }

  const secretFields: string[] = [];
  for (const f of textFields(p)) {
    const found = findSecrets(f.text);
    if (found.length) secretFields.push(`${describePath(f.path)} (${found[0].label})`);
  }
  for (const r of p.records) {
    const texts = [
      r.targetName,
      r.model,
      r.fallbackReason ?? "",
      r.record.notes,
      r.record.environment_label,
      r.record.sanitized_error_summary ?? "",
      ...r.record.attempts.flatMap((a) => [a.sanitizedSummary ?? "", a.targetName, a.requestId ?? "", a.decisionRule]),
    ];
    if (texts.some((t) => findSecrets(t).length)) secretFields.push(`record ${r.record.test_id}`);
  }
  if (secretFields.length) {
    blocking.push({ rule: "no-secrets", message: `Secret-like text in ${secretFields.join("; ")}. Remove it before anyone reads this packet.` });
  }

  const unsourced = new Map<string, string[]>();
  for (const f of claimFields(p)) {
    for (const c of CLAIM_PATTERNS) {
      if (c.re.test(f.text) && !sourced(s.notVerified.items, c.itemId)) {
        unsourced.set(c.topic, [...(unsourced.get(c.topic) ?? []), describePath(f.path)]);
      }
    }
  }
  for (const [topic, where] of unsourced) {
    warnings.push({
      rule: "unsourced-claim",
      message: `A claim about ${topic} in ${[...new Set(where)].join(", ")} has no attached source. Attach one under Not verified, or reword it.`,
      where: "notVerified",
    });
  }

  if (s.timeline.length === 0) {
    warnings.push({ rule: "no-timeline", message: "No timeline. A short timeline is the first thing a reviewer reads.", where: "timeline" });
  }

  const totalWords = textFields(p).reduce((n, f) => n + words(f.text), 0);
  if (totalWords > SCAN_LIMITS.words || p.records.length > SCAN_LIMITS.records || s.timeline.length > SCAN_LIMITS.timelineEntries) {
    warnings.push({
      rule: "too-long",
      message: `Longer than a reviewer can scan in two minutes (${totalWords} words, ${p.records.length} records, ${s.timeline.length} timeline entries; aim for ≤ ${SCAN_LIMITS.words} words, ≤ ${SCAN_LIMITS.records} records).`,
    });
  }

  const envs = new Set(p.records.map((r) => r.record.environment_label));
  if (s.environmentLabel.trim()) envs.add(s.environmentLabel.trim());
  if (envs.size > 1 && !s.environmentMismatch.trim()) {
    warnings.push({
      rule: "environment-mismatch",
      message: `Records come from more than one environment (${[...envs].join(", ")}). Record the mismatch before treating the result as proof.`,
      where: "environment",
    });
  }

  return { ready: blocking.length === 0, blocking, warnings };
}
