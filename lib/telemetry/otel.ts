import "server-only";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { defaultResource, detectResources, envDetector, resourceFromAttributes, type Resource } from "@opentelemetry/resources";
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import { logger } from "@/lib/log";
import { remember } from "@/lib/shared/registry";
import { runSpans, type RunTraceInput } from "@/lib/telemetry/spans";
import { APP_VERSION } from "@/lib/version";

/**
 * OpenTelemetry export of runs (issue 16.4, docs/decisions/131). Only run
 * spans are exported: no global tracer provider, no auto-instrumentation of
 * Next's own requests. The official OTLP/HTTP exporter reads the standard
 * variables itself (OTEL_EXPORTER_OTLP_ENDPOINT / _TRACES_ENDPOINT /
 * _HEADERS / _TIMEOUT …); the batch processor reads OTEL_BSP_*.
 */
export function otelConfigured(e: Record<string, string | undefined> = process.env): boolean {
  if (String(e.OTEL_SDK_DISABLED ?? "").toLowerCase() === "true") return false;
  if (String(e.OTEL_TRACES_EXPORTER ?? "").split(",").map((s) => s.trim()).includes("none")) return false;
  return !!(e.OTEL_EXPORTER_OTLP_ENDPOINT || e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** service.name defaults to evidence-packet; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win. */
export function runResource(): Resource {
  return defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: "evidence-packet", [ATTR_SERVICE_VERSION]: APP_VERSION }))
    .merge(detectResources({ detectors: [envDetector] }));
}

/**
 * Wraps the exporter so a collector that cannot be reached is logged once
 * (and once more when it recovers), never per run, and with no detail that
 * could carry an endpoint's credentials or headers.
 */
class OnceLoggingExporter implements SpanExporter {
  private failing = false;
  constructor(private inner: SpanExporter) {}
  export(spans: ReadableSpan[], done: (r: ExportResult) => void) {
    this.inner.export(spans, (result) => {
      if (result.code !== ExportResultCode.SUCCESS && !this.failing) {
        this.failing = true;
        const err = result.error as (Error & { code?: unknown }) | undefined;
        logger.warn({ error: err?.name ?? "ExportError", ...(typeof err?.code === "string" || typeof err?.code === "number" ? { code: err.code } : {}) }, "OpenTelemetry export failed; runs go on, spans are dropped until the collector answers (logged once)");
      } else if (result.code === ExportResultCode.SUCCESS && this.failing) {
        this.failing = false;
        logger.info({}, "OpenTelemetry export works again");
      }
      done(result);
    });
  }
  shutdown() {
    return this.inner.shutdown();
  }
  forceFlush() {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

type Telemetry = { processor: BatchSpanProcessor; resource: Resource } | null;

/** The process's one span pipeline (lib/shared/registry.ts), made on first use. */
function telemetry(): Telemetry {
  const holder = remember("otel.pipeline", () => ({
    value: undefined as Telemetry | undefined,
    /** scripts/server.mjs calls this on SIGTERM/SIGINT, from the registry: flushes what is queued. */
    shutdown: async () => {
      const t = holder.value;
      if (t) await t.processor.shutdown().catch(() => undefined);
    },
  }));
  if (holder.value === undefined) {
    try {
      holder.value = otelConfigured() ? { processor: new BatchSpanProcessor(new OnceLoggingExporter(new OTLPTraceExporter())), resource: runResource() } : null;
    } catch (err) {
      // Once: a configuration the exporter refuses turns export off, it never fails a run.
      holder.value = null;
      logger.error({ error: (err as Error).name }, "the OpenTelemetry exporter could not be set up from the OTEL_* variables; runs are not exported");
    }
  }
  return holder.value;
}

/** Is export on (for the start log line)? */
export function startTelemetry(): boolean {
  return telemetry() !== null;
}

/**
 * Hands one finished run to the batch processor. Never throws and never
 * waits: the export happens in the background, after the record is written.
 */
export function exportRun(run: RunTraceInput): void {
  try {
    const t = telemetry();
    if (!t) return;
    for (const s of runSpans(run, t.resource)) t.processor.onEnd(s);
  } catch (err) {
    logger.warn({ error: (err as Error).name }, "a run's spans could not be built for export");
  }
}

/** Tests and the bench: send what is queued now. A failed export is the log line's business, not the caller's. */
export async function flushTelemetry(): Promise<void> {
  await telemetry()?.processor.forceFlush().catch(() => undefined);
}
