import { ADMIN } from "@/lib/auth/roles";
import { json, readQuery, route } from "@/lib/http";
import { listDeliveries } from "@/lib/notify/outbox";
import { DeliveryQuerySchema } from "@/lib/notify/schema";

export const dynamic = "force-dynamic";

/** The delivery log per channel: status, attempts, last error (sanitized). */
export const GET = route(ADMIN, async (req) => json(await listDeliveries(readQuery(req, DeliveryQuerySchema))));
