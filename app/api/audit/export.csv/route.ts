import { auditCsv, AuditFiltersSchema } from "@/lib/audit/queries";
import { ADMIN } from "@/lib/auth/roles";
import { readQuery, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = route(ADMIN, async (req) => {
  const body = await auditCsv(readQuery(req, AuditFiltersSchema));
  return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="audit-log.csv"', "cache-control": "no-store" } });
});
