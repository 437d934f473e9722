import { ADMIN } from "@/lib/auth/roles";
import { changeRole, removeUser, RoleChangeSchema } from "@/lib/auth/users";
import { json, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const PATCH = route<Params>(ADMIN, async (req, { params }, who) => {
  const { role } = await readJson(req, RoleChangeSchema);
  return json(await changeRole((await params).id, role, who.actor));
});

export const DELETE = route<Params>(ADMIN, async (_req, { params }, who) => {
  await removeUser((await params).id, who.actor);
  return new Response(null, { status: 204 });
});
