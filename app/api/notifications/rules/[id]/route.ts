import { ADMIN } from "@/lib/auth/roles";
import { json, readJson, route } from "@/lib/http";
import { deleteRule, updateRule } from "@/lib/notify/rules";
import { RulePatchSchema } from "@/lib/notify/schema";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const PATCH = route<Params>(ADMIN, async (req, { params }, who) => {
  const patch = await readJson(req, RulePatchSchema);
  return json({ rule: await updateRule((await params).id, patch, who.actor) });
});

export const DELETE = route<Params>(ADMIN, async (_req, { params }, who) => {
  await deleteRule((await params).id, who.actor);
  return new Response(null, { status: 204 });
});
