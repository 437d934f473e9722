import { ADMIN, READ } from "@/lib/auth/roles";
import { json, readJson, route } from "@/lib/http";
import { EgressSettingsInputSchema } from "@/lib/targets/egress-schema";
import { getEgressSettings, putEgressSettings } from "@/lib/targets/egress-settings";

export const dynamic = "force-dynamic";

export const GET = route(READ, async () => json(await getEgressSettings()));

/** The admin's egress allow-list (decision 060); audited with its entries. */
export const PUT = route(ADMIN, async (req, _ctx, who) => json(await putEgressSettings(await readJson(req, EgressSettingsInputSchema), who.actor)));
