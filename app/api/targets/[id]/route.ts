import { json, readJson, route } from "@/lib/http";
import { TargetPatchSchema } from "@/lib/targets/schema";
import { deleteTarget, getTarget, updateTarget } from "@/lib/targets/service";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = route<Params>(async (_req, { params }) => json(await getTarget((await params).id)));

export const PATCH = route<Params>(async (req, { params }) => {
  const patch = await readJson(req, TargetPatchSchema);
  return json(await updateTarget((await params).id, patch));
});

export const DELETE = route<Params>(async (_req, { params }) => {
  await deleteTarget((await params).id);
  return new Response(null, { status: 204 });
});
