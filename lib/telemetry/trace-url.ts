import "server-only";
import { env } from "@/lib/env";

/**
 * The configured TRACE_URL_TEMPLATE, or null: then no page or export changes
 * at all. Links are made from it by `traceUrlFor` (scripts/trace-url.mjs), on
 * the server and in the packet editor alike (decision 131).
 */
export function traceUrlTemplate(): string | null {
  return env().TRACE_URL_TEMPLATE ?? null;
}
