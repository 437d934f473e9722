import type { ContractCheck, FailureMode, NotVerifiedItem, Sections, Source } from "@/lib/packets/schema";

// The escalation evidence guide's own lists, used to prefill a new packet.
// Wording is the guide's (reference/escalation-evidence-guide.txt, reviewed
// 2026-06-22) so a reviewer who knows the guide recognises every row.
// NOTE: suggestions only. The guide's own accessed date is not the
// operator's: every suggested source and contract row starts *to verify*
// with no accessed date, and every suggested not-verified item unconfirmed,
// until the operator confirms it (decision 040).

/** "Do not assert … unless the current account dashboard or official source for that exact claim is attached." */
export const NOT_VERIFIED_DEFAULTS: NotVerifiedItem[] = [
  { id: "uptime", label: "Exact uptime", sourceAttached: false, sourceUrl: "", confirmed: false },
  { id: "pricing", label: "Pricing", sourceAttached: false, sourceUrl: "", confirmed: false },
  { id: "quota", label: "Account quota", sourceAttached: false, sourceUrl: "", confirmed: false },
  { id: "provider-availability", label: "Provider availability", sourceAttached: false, sourceUrl: "", confirmed: false },
  { id: "model-availability", label: "Model availability", sourceAttached: false, sourceUrl: "", confirmed: false },
  { id: "rate-limits", label: "Rate-limit thresholds", sourceAttached: false, sourceUrl: "", confirmed: false },
];

export const SOURCES_DEFAULTS: Source[] = [
  { id: "cometapi-docs", title: "CometAPI documentation", url: "https://apidoc.cometapi.com/", accessed: "", confirmed: false, purpose: "verify current CometAPI documentation navigation." },
  { id: "cometapi-help", title: "CometAPI help center", url: "https://apidoc.cometapi.com/support/help-center", accessed: "", confirmed: false, purpose: "verify support and escalation documentation areas." },
  { id: "sre-overload", title: "Google SRE overload guidance", url: "https://sre.google/sre-book/handling-overload/", accessed: "", confirmed: false, purpose: "verify overload and reliability risk context." },
  { id: "otel-http", title: "OpenTelemetry HTTP semantic conventions", url: "https://opentelemetry.io/docs/specs/semconv/http/", accessed: "", confirmed: false, purpose: "verify HTTP telemetry field context." },
];

export const CONTRACT_DEFAULTS: ContractCheck[] = [
  {
    id: "request-boundary",
    area: "Chat-completions request boundary",
    whatToVerify: "Confirm the endpoint family, request body areas, and response object areas used by the client.",
    sourceUrl: "https://apidoc.cometapi.com/api/text/chat",
    accessed: "",
    confirmed: false,
    safeWording: "The incident packet should include the endpoint family and sanitized request/response contract observations.",
  },
  {
    id: "authentication",
    area: "Authentication evidence",
    whatToVerify: "Confirm that the client was configured with the expected credential mechanism without recording the credential value.",
    sourceUrl: "https://apidoc.cometapi.com/api/text/chat",
    accessed: "",
    confirmed: false,
    safeWording: "Record whether credential configuration was present; never paste a credential into the report.",
  },
  {
    id: "support-path",
    area: "Support path",
    whatToVerify: "Confirm where operators should look for current support guidance before escalation.",
    sourceUrl: "https://apidoc.cometapi.com/support/help-center",
    accessed: "",
    confirmed: false,
    safeWording: "Attach the current help-center/support reference used during escalation.",
  },
  {
    id: "overload-retry",
    area: "Overload and retry behavior",
    whatToVerify: "Confirm that retries are bounded and do not increase pressure during an overload event.",
    sourceUrl: "https://sre.google/sre-book/handling-overload/",
    accessed: "",
    confirmed: false,
    safeWording: "Escalation evidence should include retry count and whether fallback or manual hold was used.",
  },
  {
    id: "http-telemetry",
    area: "HTTP telemetry",
    whatToVerify: "Confirm which HTTP status and error attributes are recorded by the application.",
    sourceUrl: "https://opentelemetry.io/docs/specs/semconv/http/",
    accessed: "",
    confirmed: false,
    safeWording: "Use stable HTTP telemetry fields and avoid high-cardinality payload content.",
  },
];

export const FAILURE_MODE_DEFAULTS: FailureMode[] = [
  { key: "evidence-gap", label: "Evidence gap", description: "The operator cannot inspect the failing log, source page, pull request, or local command output. Stop and record the missing evidence instead of guessing.", state: "not_checked", note: "" },
  { key: "scope-drift", label: "Scope drift", description: "The repair changes files or settings that are not connected to the observed failure.", state: "not_checked", note: "" },
  { key: "environment-mismatch", label: "Environment mismatch", description: "The local check uses different versions, credentials, feature flags, or runtime settings than the hosted path.", state: "not_checked", note: "" },
  { key: "unreviewed-fallback", label: "Unreviewed fallback", description: "Someone changes models, endpoints, permissions, or retry behavior to make a run pass without preserving the review boundary.", state: "not_checked", note: "" },
  { key: "weak-handoff", label: "Weak handoff", description: "The final note says the issue is fixed but omits the command, result, changed files, and remaining uncertainty.", state: "not_checked", note: "" },
  { key: "high-cardinality-logs", label: "High-cardinality logs", description: "Raw prompts, full responses, user identifiers, and unbounded error strings make telemetry harder to aggregate and may create data-handling risk.", state: "not_checked", note: "" },
  { key: "retry-amplification", label: "Retry amplification", description: "Repeated retries during overload can increase pressure on a stressed service. Show the retry ceiling, the backoff used, and whether fallback was used or held.", state: "not_checked", note: "" },
  { key: "contract-confusion", label: "Contract confusion", description: "A response can be reachable but still fail the application contract. Record the response object family and parser result.", state: "not_checked", note: "" },
];

/** A new packet's sections: the guide's lists prefilled, the rest empty. */
export function defaultSections(overrides: Partial<Sections> = {}): Sections {
  return {
    summary: "",
    summaryConfirmed: false,
    environmentLabel: "",
    environmentMismatch: "",
    missingPathReasons: { happy: "", error: "" },
    timeline: [],
    notVerified: { items: NOT_VERIFIED_DEFAULTS.map((i) => ({ ...i })), notes: "" },
    accountGaps: [],
    sourcesChecked: SOURCES_DEFAULTS.map((s) => ({ ...s })),
    contractChecks: CONTRACT_DEFAULTS.map((c) => ({ ...c })),
    failureModes: FAILURE_MODE_DEFAULTS.map((f) => ({ ...f })),
    decisions: { safeIdentifier: "", accountFacts: "", holdFallback: "" },
    ...overrides,
  };
}

/** Human names for section keys, used in readiness messages and secret-guard errors. */
export const SECTION_LABELS: Record<keyof Sections | "title" | "incidentRef" | "audience", string> = {
  title: "Title",
  incidentRef: "Incident reference",
  audience: "Audience",
  summary: "Summary",
  summaryConfirmed: "Summary confirmation",
  environmentLabel: "Environment label",
  environmentMismatch: "Environment mismatch",
  missingPathReasons: "Reason for a missing path",
  timeline: "Timeline",
  notVerified: "Not verified",
  accountGaps: "Account gaps",
  sourcesChecked: "Sources checked",
  contractChecks: "Contract details to verify",
  failureModes: "Failure modes",
  decisions: "Rehearsal decisions",
};

const FIELD_LABELS: Record<string, string> = {
  text: "text",
  at: "time",
  label: "item",
  sourceUrl: "source URL",
  notes: "free text",
  items: "checklist",
  fact: "fact",
  whyOutside: "why it is outside the packet",
  authorizedSource: "authorized source",
  title: "title",
  url: "URL",
  accessed: "accessed date",
  purpose: "purpose",
  area: "area",
  whatToVerify: "what to verify",
  safeWording: "safe wording",
  note: "note",
  safeIdentifier: "safe identifier",
  accountFacts: "account facts",
  holdFallback: "hold fallback",
  happy: "happy path",
  confirmed: "confirmation",
  error: "error path",
};

const ITEM_NOUN: Partial<Record<keyof Sections, string>> = {
  timeline: "entry",
  accountGaps: "gap",
  sourcesChecked: "source",
  contractChecks: "row",
  failureModes: "mode",
};

/**
 * "sections.timeline.2.text" → "Timeline › entry 3 › text". Paths are what
 * the API returns in `issues[].path`; this is how the UI says where.
 */
export function describePath(path: string): string {
  const parts = path.split(".").filter((p) => p !== "sections");
  if (parts.length === 0) return path;
  const [head, ...rest] = parts;
  const out: string[] = [SECTION_LABELS[head as keyof typeof SECTION_LABELS] ?? head];
  for (const p of rest) {
    if (/^\d+$/.test(p)) out.push(`${ITEM_NOUN[head as keyof Sections] ?? "item"} ${Number(p) + 1}`);
    else out.push(FIELD_LABELS[p] ?? p);
  }
  return out.join(" › ");
}
