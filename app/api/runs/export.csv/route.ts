import { READ } from "@/lib/auth/roles";
import { readQuery, route } from "@/lib/http";
import { exportRunsCsv } from "@/lib/history/export";
import { traceUrlTemplate } from "@/lib/telemetry/trace-url";
import { RunFiltersSchema } from "@/lib/smoke/store";

export const dynamic = "force-dynamic";

// NOTE: a static segment; Next matches it before the sibling dynamic [id].
const ExportQuerySchema = RunFiltersSchema.omit({ limit: true, cursor: true });

export const GET = route(READ, async (req) => {
  const filters = readQuery(req, ExportQuerySchema);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(await exportRunsCsv(filters, traceUrlTemplate()), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="evidence-runs-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
});
