import { json, readJson, route } from "@/lib/http";
import { TargetInputSchema } from "@/lib/targets/schema";
import { createTarget, listTargets } from "@/lib/targets/service";

export const dynamic = "force-dynamic";

export const GET = route(async () => json({ items: await listTargets() }));

export const POST = route(async (req) => {
  const input = await readJson(req, TargetInputSchema);
  return json(await createTarget(input), { status: 201 });
});
