import { ADMIN } from "@/lib/auth/roles";
import { json, readJson, route } from "@/lib/http";
import { createRule, listRules } from "@/lib/notify/rules";
import { RuleCreateSchema } from "@/lib/notify/schema";

export const dynamic = "force-dynamic";

export const GET = route(ADMIN, async () => json({ rules: await listRules() }));

export const POST = route(ADMIN, async (req, _ctx, who) => json({ rule: await createRule(await readJson(req, RuleCreateSchema), who.actor) }, { status: 201 }));
