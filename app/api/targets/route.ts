import { ADMIN, READ } from "@/lib/auth/roles";
import { json, readJson, route } from "@/lib/http";
import { TargetInputSchema } from "@/lib/targets/schema";
import { createTarget, listTargets } from "@/lib/targets/service";

export const dynamic = "force-dynamic";

export const GET = route(READ, async () => json({ items: await listTargets() }));

export const POST = route(ADMIN, async (req, _ctx, who) => {
  const input = await readJson(req, TargetInputSchema);
  return json(await createTarget(input, who.actor), { status: 201 });
});
