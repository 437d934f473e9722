import { ADMIN, READ } from "@/lib/auth/roles";
import { json, readJson, route } from "@/lib/http";
import { TargetPatchSchema } from "@/lib/targets/schema";
import { deleteTarget, getTarget, updateTarget } from "@/lib/targets/service";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = route<Params>(READ, async (_req, { params }) => json(await getTarget((await params).id)));

export const PATCH = route<Params>(ADMIN, async (req, { params }, who) => {
  const patch = await readJson(req, TargetPatchSchema);
  return json(await updateTarget((await params).id, patch, who.actor));
});

export const DELETE = route<Params>(ADMIN, async (_req, { params }, who) => {
  await deleteTarget((await params).id, who.actor);
  return new Response(null, { status: 204 });
});
