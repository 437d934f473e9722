// TRACE_URL_TEMPLATE (issue 16.4, docs/decisions/131): a link into the
// operator's own trace viewer, e.g. https://grafana.example/explore?traceId={traceId}.
// Plain JavaScript so scripts/server.mjs can refuse a bad value before it
// serves anything; lib/telemetry/trace-url.ts uses the same two functions.

const PLACEHOLDER = "{traceId}";

/** Why a template cannot be used, or null when it can (an unset or empty value is fine: no links). */
export function traceUrlTemplateProblem(value) {
  if (value === undefined || value === "") return null;
  if (!value.includes(PLACEHOLDER)) return `TRACE_URL_TEMPLATE must contain ${PLACEHOLDER} (e.g. https://grafana.example/explore?traceId=${PLACEHOLDER}).`;
  let url;
  try {
    url = new URL(value.replaceAll(PLACEHOLDER, "0123456789abcdef0123456789abcdef"));
  } catch {
    return "TRACE_URL_TEMPLATE must be an absolute http:// or https:// URL.";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "TRACE_URL_TEMPLATE must be an absolute http:// or https:// URL.";
  if (url.username || url.password) return "TRACE_URL_TEMPLATE must not carry a user name or password.";
  return null;
}

/** The link for one trace id; null when no template is set or the id is not a W3C trace id. */
export function traceUrlFor(template, traceId) {
  if (!template || traceUrlTemplateProblem(template) || !/^[0-9a-f]{32}$/.test(traceId ?? "")) return null;
  return template.replaceAll(PLACEHOLDER, traceId);
}
