import { checkReadiness } from "@/lib/packets/readiness";
import { FAILURE_MODE_STATE_LABELS, REHEARSAL_DECISION_ROWS, formatUtc } from "@/lib/packets/present";
import type { PacketDocument, VersionMeta } from "@/lib/packets/schema";
import { recordYaml } from "@/lib/smoke/records";
import { traceUrlFor } from "@/scripts/trace-url.mjs";

// The reviewer page as one self-contained HTML document: no client script at
// all, inline CSS with a print stylesheet, nothing that links back into the
// dashboard. Every interpolation is escaped by the `html` tag unless it is a
// fragment built by the same tag, so operator text can only ever be text.
// See docs/decisions/012-reviewer-page-static-html.md.

class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]);

type Part = Html | string | number | null | undefined | false | Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (Array.isArray(part)) return part.map(render).join("");
  if (part instanceof Html) return part.value;
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0];
  parts.forEach((p, i) => {
    out += render(p) + strings[i + 1];
  });
  return new Html(out);
}

const safeHref = (url: string) => (/^https?:\/\//i.test(url) ? url : null);
const link = (url: string, label?: string) => {
  const href = url ? safeHref(url) : null;
  return href ? html`<a href="${href}" rel="noopener noreferrer nofollow">${label ?? url}</a>` : html`${url || "—"}`;
};
const text = (t: string, empty: string) => (t.trim() ? html`<p class="prose">${t.trim()}</p>` : html`<p class="empty">${empty}</p>`);
const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === "" ? "—" : String(v));

const STYLE = `
:root{color-scheme:light dark;--fg:#0f172a;--muted:#475569;--line:#e2e8f0;--bg:#f8fafc;--card:#fff;--th:#f1f5f9;--accent:#0369a1;--ok-fg:#065f46;--ok-bd:#6ee7b7;--ok-bg:#ecfdf5;--gap-fg:#92400e;--gap-bd:#fcd34d;--gap-bg:#fffbeb;--bad-fg:#991b1b;--bad-bd:#fca5a5;--bad-bg:#fef2f2}
@media (prefers-color-scheme:dark){:root{--fg:#f1f5f9;--muted:#cbd5e1;--line:#334155;--bg:#020617;--card:#0f172a;--th:#1e293b;--accent:#7dd3fc;--ok-fg:#a7f3d0;--ok-bd:#047857;--ok-bg:#022c22;--gap-fg:#fde68a;--gap-bd:#b45309;--gap-bg:#2a1a05;--bad-fg:#fecaca;--bad-bd:#b91c1c;--bad-bg:#2a0a0a}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem 3rem}
header.top{border-bottom:1px solid var(--line);padding-bottom:1rem;margin-bottom:1rem}
.eyebrow{font-size:.75rem;letter-spacing:.06em;text-transform:uppercase;color:var(--muted);margin:0}
h1{font-size:1.6rem;margin:.25rem 0 .5rem;line-height:1.25;overflow-wrap:break-word}
h2{font-size:1.1rem;margin:1.75rem 0 .5rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
h3{font-size:.95rem;margin:1.25rem 0 .4rem}
.meta{display:flex;flex-wrap:wrap;gap:.4rem;margin:0;padding:0;list-style:none}
.meta li{background:var(--card);border:1px solid var(--line);border-radius:.3rem;padding:.1rem .5rem;font-size:.8rem}
.verdict{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:.4rem;padding:.25rem 1rem .75rem;margin-top:1rem}
.verdict h2{margin-top:.5rem}
.verdict dl{display:grid;grid-template-columns:minmax(0,12rem) minmax(0,1fr);gap:.35rem 1rem;margin:.5rem 0}
.verdict dt{font-weight:600}
.verdict dd{margin:0}
.verdict ul{margin:0;padding-left:1.1rem}
/* NOTE: prose breaks only where a word cannot fit at all; ids (code) may break anywhere, terms (code.term) never. Never break-all. */
.prose{white-space:pre-wrap;overflow-wrap:break-word;margin:.25rem 0}
.empty{color:var(--muted);font-style:italic;margin:.25rem 0}
.table{width:100%;overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.85rem;background:var(--card)}
th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:var(--th);font-weight:600}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.8rem}
code{overflow-wrap:anywhere}
/* The guide's terms (status family, error class, fallback decision) are words: they never break. */
code.term{overflow-wrap:normal;white-space:nowrap}
pre{background:var(--card);border:1px solid var(--line);border-radius:.3rem;padding:.6rem .75rem;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}
ul.check{list-style:none;padding:0;margin:.25rem 0}
ul.check li{margin:.2rem 0}
.nowrap{white-space:nowrap}
.tag{white-space:nowrap;display:inline-block;font-size:.72rem;font-weight:600;border-radius:.25rem;padding:0 .35rem;border:1px solid}
.tag.ok{color:var(--ok-fg);border-color:var(--ok-bd);background:var(--ok-bg)}
.tag.gap{color:var(--gap-fg);border-color:var(--gap-bd);background:var(--gap-bg)}
.tag.bad{color:var(--bad-fg);border-color:var(--bad-bd);background:var(--bad-bg)}
a{color:var(--accent);overflow-wrap:anywhere}
footer.version{margin-top:2rem;border-top:1px solid var(--line);padding-top:.75rem;font-size:.8rem;color:var(--muted);overflow-wrap:anywhere}
/* Narrow screens: every table becomes a stack of cards, one per row, each cell labelled. */
@media screen and (max-width:40rem){
  .verdict dl{grid-template-columns:minmax(0,1fr)}
  .verdict dd{margin-bottom:.4rem}
  table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
  table.stack{background:none}
  table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  table.stack tr{background:var(--card);border:1px solid var(--line);border-radius:.4rem;margin:0 0 .6rem;padding:.25rem 0}
  table.stack td{border:0;display:grid;grid-template-columns:minmax(0,8.5rem) minmax(0,1fr);gap:.75rem;padding:.25rem .6rem}
  table.stack td::before{content:attr(data-label);font-weight:600;color:var(--muted)}
}
@media print{
  :root{color-scheme:light;--fg:#000;--muted:#444;--line:#bbb;--bg:#fff;--card:#fff;--th:#eee}
  body{background:#fff;font-size:8.5pt;line-height:1.25}
  .verdict ul.per{list-style:none;padding:0}
  .verdict ul.per li{display:inline}
  .verdict ul.per li+li::before{content:" · "}
  .meta li{border:0;padding:0 .3rem 0 0;font-size:7.5pt}
  .meta{gap:0 .5rem}
  main{max-width:none;padding:0}
  header.top{padding-bottom:.4rem;margin-bottom:.4rem}
  h1{font-size:14pt;margin:.1rem 0 .3rem}
  h2{font-size:10pt;margin:.55rem 0 .2rem;padding-bottom:.1rem}
  h3{font-size:8.5pt;margin:.35rem 0 .15rem}
  h2,h3{break-after:avoid;page-break-after:avoid}
  .verdict{border-left-width:3px;padding:.1rem .6rem .4rem;break-inside:avoid}
  table{font-size:7.5pt}
  th,td{padding:.1rem .25rem;line-height:1.25}
  pre{font-size:7pt;padding:.2rem .4rem;margin:0;line-height:1.2}
  table,pre,tr,.verdict{break-inside:avoid}
  code,pre{font-size:7pt}
  .verdict dl{grid-template-columns:minmax(0,9rem) minmax(0,1fr);gap:.1rem .6rem;margin:.2rem 0}
  .verdict ul,ol{margin:0}
  .prose,.empty,p{margin:.1rem 0}
  footer.version{margin-top:.6rem;padding-top:.3rem;font-size:7pt}
  /* URLs are printed once: a link whose text is its URL needs nothing more. */
  a{color:inherit;text-decoration:none}
  .noprint{display:none}
  /* Two records' templates side by side: half the height, each kept whole with its heading. */
  .yaml{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:0 .6rem}
  .yaml>div{break-inside:avoid}
  @page{size:A4;margin:10mm}
}`;

function tableOf(head: string[], rows: Part[][]) {
  // data-label names each cell when the table is shown as stacked cards on a narrow screen.
  return html`<div class="table"><table class="stack"><thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows.map(
    (r) => html`<tr>${r.map((c, i) => html`<td data-label="${head[i]}">${c}</td>`)}</tr>`,
  )}</tbody></table></div>`;
}

const familyText = (r: PacketDocument["records"][number]["record"]) =>
  r.http_status_family === "none" || r.http_status_family === null ? "no response" : `${r.http_status_family}${r.http_status_code ? ` (${r.http_status_code})` : ""}`;

/**
 * The first screen: the reviewer's questions answered from the attached
 * records only — which boundary failed, status families, retries, the
 * fallback decision — and what the operator did not verify.
 */
function verdict(doc: PacketDocument, unchecked: PacketDocument["sections"]["sourcesChecked"]) {
  const s = doc.sections;
  const failed = doc.records.filter((r) => r.record.http_status_family !== "2xx" || r.record.contract_result === "fail");
  const boundary = doc.records.length === 0
    ? html`<span class="empty">No records attached: nothing was observed at the request boundary.</span>`
    : failed.length === 0
      ? html`None of the ${doc.records.length} attached record${doc.records.length === 1 ? "" : "s"} failed at the request boundary.`
      : html`<ul>${failed.map(
          (r) => html`<li>The <code>${r.record.endpoint_family}</code> request boundary on ${r.targetName} (${r.record.environment_label}), ${r.path} path${r.errorScenario ? ` (${r.errorScenario.replace(/_/g, " ")})` : ""}: ${r.record.http_status_family === "2xx" ? "a 2xx response that failed the response-shape assertion" : familyText(r.record)}${r.record.client_error_class ? html`, <code class="term">${r.record.client_error_class}</code>` : ""}.${r.fallbackReason ? html` Runbook: <span class="prose">${r.fallbackReason}</span>.` : ""}</li>`,
        )}</ul>`;
  const per = (f: (r: PacketDocument["records"][number]) => Part) =>
    doc.records.length ? html`<ul class="per">${doc.records.map((r) => html`<li>${r.path} path (<code>${r.record.test_id}</code>): ${f(r)}</li>`)}</ul>` : html`<span class="empty">—</span>`;
  const notVerified = [
    ...s.notVerified.items.filter((i) => !i.sourceAttached).map((i) => i.label),
    ...unchecked.map((x) => `Suggested source not checked: ${x.title || "untitled"}`),
  ];
  return html`<section class="verdict" aria-labelledby="h-verdict"><h2 id="h-verdict">At a glance</h2>
<dl>
  <dt>Request boundary that failed</dt><dd data-testid="verdict-boundary">${boundary}</dd>
  <dt>Status family</dt><dd data-testid="verdict-status">${per((r) => html`<strong>${familyText(r.record)}</strong>`)}</dd>
  <dt>Retries</dt><dd data-testid="verdict-retries">${per((r) => `${r.record.retry_attempts} of at most ${r.record.retry_ceiling}`)}</dd>
  <dt>Fallback decision</dt><dd data-testid="verdict-fallback">${per((r) => html`<code class="term">${dash(r.record.fallback_decision)}</code>`)}</dd>
  <dt>Not verified</dt><dd data-testid="verdict-not-verified">${notVerified.length ? html`<ul>${notVerified.map((t) => html`<li>${t}</li>`)}</ul>` : html`<span class="empty">The operator listed nothing as not verified.</span>`}</dd>
  <dt>Account gaps</dt><dd>${s.accountGaps.length ? `${s.accountGaps.length} fact${s.accountGaps.length === 1 ? "" : "s"} need an authorized account source (listed below).` : html`<span class="empty">None recorded.</span>`}</dd>
</dl></section>`;
}

export type ReviewerVersion = Pick<VersionMeta, "number" | "sha256" | "createdAt"> & { label?: string };
/** Presentation only, never part of the frozen document (decision 131). */
export type ReviewerOptions = { traceUrlTemplate?: string | null };

/** The reviewer's read-only page. */
export function reviewerHtml(doc: PacketDocument, version: ReviewerVersion, opts: ReviewerOptions = {}): string {
  // NOTE: with no TRACE_URL_TEMPLATE the trace id is plain code, byte for byte as before.
  const traceCell = (traceId: string) => {
    const url = traceUrlFor(opts.traceUrlTemplate, traceId);
    return url ? html`<a href="${url}" rel="noopener noreferrer nofollow"><code>${traceId}</code></a>` : html`<code>${traceId}</code>`;
  };
  const s = doc.sections;
  const readiness = checkReadiness(doc);
  // Only rows the operator confirmed are shown as checked, with their date (decision 040).
  const checked = s.sourcesChecked.filter((x) => x.confirmed);
  const unchecked = s.sourcesChecked.filter((x) => !x.confirmed);
  const versionLine = html`${version.label ?? `Version ${version.number}`} · sha256 <code data-testid="version-sha">${version.sha256}</code> · frozen ${formatUtc(version.createdAt)} · schemaVersion ${doc.schemaVersion}`;

  const body = html`<main>
<header class="top">
  <p class="eyebrow">Escalation packet · read-only</p>
  <h1>${doc.title}</h1>
  <ul class="meta">
    ${doc.incidentRef ? html`<li>Incident ${doc.incidentRef}</li>` : null}
    ${doc.audience ? html`<li>Audience: ${doc.audience}</li>` : null}
    <li>Environment: ${s.environmentLabel || "not stated"}</li>
    <li>${doc.records.length} record${doc.records.length === 1 ? "" : "s"}</li>
    <li>${readiness.ready ? "Confirmed by the operator" : `Draft: ${readiness.blocking.length} open item${readiness.blocking.length === 1 ? "" : "s"}`}</li>
  </ul>
</header>
${verdict(doc, unchecked)}

<section aria-labelledby="h-summary"><h2 id="h-summary">Summary</h2>${text(s.summary, "No summary written.")}</section>

<section aria-labelledby="h-env"><h2 id="h-env">Environment</h2>
<p>Environment label: <strong>${s.environmentLabel || "not stated"}</strong></p>
${s.environmentMismatch.trim() ? html`<p>Environment mismatch:</p>${text(s.environmentMismatch, "")}` : html`<p class="empty">No environment mismatch recorded.</p>`}
</section>

<section aria-labelledby="h-timeline"><h2 id="h-timeline">Timeline (UTC)</h2>
${s.timeline.length ? tableOf(["Time (UTC)", "Entry"], s.timeline.map((e) => [html`<code>${formatUtc(e.at)}</code>`, html`<span class="prose">${e.text}</span>`])) : html`<p class="empty">No timeline entries.</p>`}
</section>

<section aria-labelledby="h-records"><h2 id="h-records">Attached records</h2>
${
  doc.records.length
    ? [
        tableOf(
          ["Test id", "Path", "Target", "Status family", "Error class", "Retries", "Fallback decision", "Result"],
          doc.records.map((r) => [
            html`<code>${r.record.test_id}</code>`,
            r.path + (r.errorScenario ? ` (${r.errorScenario.replace(/_/g, " ")})` : ""),
            r.targetName,
            html`<code class="term">${dash(r.record.http_status_family)}${r.record.http_status_code ? ` (${r.record.http_status_code})` : ""}</code>`,
            html`<code class="term">${dash(r.record.client_error_class)}</code>`,
            `${r.record.retry_attempts} of ${r.record.retry_ceiling}`,
            html`<code class="term">${dash(r.record.fallback_decision)}</code>`,
            r.record.operator_result === "pass" ? html`<span class="tag ok">pass</span>` : r.record.operator_result === "fail" ? html`<span class="tag bad">fail</span>` : "—",
          ]),
        ),
        html`<h3>Correlation ids</h3>`,
        tableOf(
          ["Test id", "Attempt", "Trace id", "Provider request id", "Safe to share internally"],
          doc.records.flatMap((r) =>
            (r.record.attempts.length ? r.record.attempts : [null]).map((a) => [
              html`<code>${r.record.test_id}</code>`,
              a ? `${a.seq + 1} (${a.role}, ${a.statusFamily}${a.statusCode ? ` ${a.statusCode}` : ""}, ${a.decision})` : "—",
              traceCell(r.record.trace_id_placeholder),
              html`<code>${dash(a ? a.requestId : r.record.request_id)}</code>`,
              r.idsSafeToShare ? html`<span class="tag ok">yes</span>` : html`<span class="tag gap">no</span>`,
            ]),
          ),
        ),
        html`<div class="yaml">${doc.records.map(
          (r) => html`<div><h3>${r.record.test_id} — ${r.path} path</h3><pre aria-label="Record ${r.record.test_id} in the guide's template">${recordYaml(r.record)}</pre></div>`,
        )}</div>`,
      ]
    : html`<p class="empty">No records attached.</p>`
}
${(["happy", "error"] as const).map((p) =>
  !doc.records.some((r) => r.path === p) && s.missingPathReasons[p].trim() ? html`<p>No ${p}-path record: <span class="prose">${s.missingPathReasons[p]}</span></p>` : null,
)}
</section>

<section aria-labelledby="h-nv"><h2 id="h-nv">Not verified</h2>
${s.notVerified.items.length || unchecked.length ? html`<ul class="check">${s.notVerified.items.map((i) => (i.sourceAttached ? html`<li><span class="tag ok">source attached</span> ${i.label} — ${link(i.sourceUrl)}</li>` : html`<li><span class="tag gap">not verified</span> ${i.label}</li>`))}${unchecked.map((x) => html`<li><span class="tag gap">not verified</span> Suggested source not checked: ${x.title || "untitled"} — ${link(x.url)}</li>`)}</ul>` : null}
${s.notVerified.notes.trim() ? text(s.notVerified.notes, "") : null}
</section>

<section aria-labelledby="h-gaps"><h2 id="h-gaps">Account gaps</h2>
${s.accountGaps.length ? tableOf(["Fact", "Why it is outside the public packet", "Authorized source that would settle it"], s.accountGaps.map((g) => [g.fact, g.whyOutside, g.authorizedSource])) : html`<p class="empty">No account gaps recorded.</p>`}
</section>

<section aria-labelledby="h-sources"><h2 id="h-sources">Sources checked</h2>
${checked.length ? tableOf(["Title", "URL", "Accessed", "Purpose"], checked.map((x) => [x.title, link(x.url), html`<span class="nowrap">${dash(x.accessed)}</span>`, x.purpose])) : html`<p class="empty">No sources listed.</p>`}
</section>

<section aria-labelledby="h-contract"><h2 id="h-contract">Contract details to verify</h2>
${s.contractChecks.length ? tableOf(["Area", "What to verify", "Source URL", "Accessed", "Safe candidate wording"], s.contractChecks.map((c) => [
  c.area,
  c.whatToVerify,
  c.confirmed ? link(c.sourceUrl) : c.sourceUrl ? html`suggested: ${link(c.sourceUrl)}` : "—",
  c.confirmed ? html`<span class="nowrap">${dash(c.accessed)}</span>` : html`<span class="tag gap">to verify</span>`,
  c.safeWording,
])) : html`<p class="empty">No contract rows.</p>`}
</section>

<section aria-labelledby="h-fm"><h2 id="h-fm">Failure modes</h2>
${tableOf(["Failure mode", "State", "Note"], s.failureModes.map((f) => [html`<strong>${f.label}</strong>`, html`<span class="tag ${f.state === "observed" ? "bad" : f.state === "ruled_out" ? "ok" : "gap"}">${FAILURE_MODE_STATE_LABELS[f.state]}</span>`, html`<span class="prose">${dash(f.note)}</span>`]))}
</section>

<section aria-labelledby="h-decisions"><h2 id="h-decisions">Rehearsal decisions</h2>
<ol>${REHEARSAL_DECISION_ROWS.map((d) => html`<li><strong>${d.label}</strong> ${s.decisions[d.key].trim() ? html`<span class="prose">${s.decisions[d.key]}</span>` : html`<span class="empty">Not decided.</span>`}</li>`)}</ol>
</section>

<footer class="version" data-testid="version-footer">${versionLine}<br>Sanitized evidence only: no credential value, raw prompt or response body is part of this packet.</footer>
</main>`;

  return page(`${doc.title} · Escalation packet`, body);
}

function page(title: string, body: Html): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow,noarchive"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body.value}</body></html>`;
}

/** One answer for unknown, expired and revoked tokens, so none can be told apart. */
export function notFoundHtml(): string {
  return page(
    "Link not available · Evidence Packet",
    html`<main><header class="top"><p class="eyebrow">Escalation packet</p><h1>This link is not available</h1></header><p>The link may be mistyped, expired or revoked. Ask the person who shared it for a new one.</p></main>`,
  );
}

/** Headers every reviewer response carries (page, JSON and 404). */
export const REVIEWER_HEADERS: Record<string, string> = {
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-robots-tag": "noindex, nofollow, noarchive",
  "x-content-type-options": "nosniff",
  "x-frame-options": "SAMEORIGIN",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
};
