import { traceUrlFor } from "@/scripts/trace-url.mjs";

/**
 * A trace id: a link into the team's trace viewer when TRACE_URL_TEMPLATE is
 * set (the server hands the template down), plain mono text otherwise — as
 * it was before the template existed (decision 131).
 */
export function TraceId({ traceId, template, className = "" }: { traceId: string; template?: string | null; className?: string }) {
  const href = traceUrlFor(template, traceId);
  if (!href) return <span className={`mono break-all ${className}`.trim()}>{traceId}</span>;
  return (
    <a href={href} rel="noopener noreferrer" className={`mono break-all text-sky-800 underline underline-offset-2 dark:text-sky-300 ${className}`.trim()}>
      {traceId}
    </a>
  );
}
