import { AuditFiltersSchema, listAudit } from "@/lib/audit/queries";
import { ADMIN } from "@/lib/auth/roles";
import { json, readQuery, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = route(ADMIN, async (req) => json(await listAudit(readQuery(req, AuditFiltersSchema))));
