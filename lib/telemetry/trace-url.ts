import "server-only";
import { env } from "@/lib/env";
import { traceUrlFor } from "@/scripts/trace-url.mjs";

export { traceUrlFor } from "@/scripts/trace-url.mjs";

/** The configured TRACE_URL_TEMPLATE, or null: then no output changes at all (decision 131). */
export function traceUrlTemplate(): string | null {
  return env().TRACE_URL_TEMPLATE ?? null;
}

/** The trace viewer link for a trace id, or null when TRACE_URL_TEMPLATE is unset. */
export function traceUrl(traceId: string | null | undefined): string | null {
  return traceUrlFor(traceUrlTemplate(), traceId);
}
