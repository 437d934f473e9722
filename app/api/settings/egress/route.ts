import { json, readJson, route } from "@/lib/http";
import { EgressSettingsInputSchema } from "@/lib/targets/egress-schema";
import { getEgressSettings, putEgressSettings } from "@/lib/targets/egress-settings";

export const dynamic = "force-dynamic";

// NOTE: admin-only once access control lands (the admin-role check goes here, before parsing).
export const GET = route(async () => json(await getEgressSettings()));

export const PUT = route(async (req) => json(await putEgressSettings(await readJson(req, EgressSettingsInputSchema))));
