import { ADMIN } from "@/lib/auth/roles";
import { json, readJson, route } from "@/lib/http";
import { deleteChannel, getChannel, updateChannel } from "@/lib/notify/channels";
import { ChannelPatchSchema } from "@/lib/notify/schema";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = route<Params>(ADMIN, async (_req, { params }) => json({ channel: await getChannel((await params).id) }));

export const PATCH = route<Params>(ADMIN, async (req, { params }, who) => {
  const patch = await readJson(req, ChannelPatchSchema);
  return json({ channel: await updateChannel((await params).id, patch, who.actor) });
});

export const DELETE = route<Params>(ADMIN, async (_req, { params }, who) => {
  await deleteChannel((await params).id, who.actor);
  return new Response(null, { status: 204 });
});
