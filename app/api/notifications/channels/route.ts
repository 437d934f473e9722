import { ADMIN } from "@/lib/auth/roles";
import { json, readJson, route } from "@/lib/http";
import { createChannel, listChannels } from "@/lib/notify/channels";
import { ChannelCreateSchema } from "@/lib/notify/schema";

export const dynamic = "force-dynamic";

/** Notification channels (issue 16, decision 130): admins only, also for reading. */
export const GET = route(ADMIN, async () => json({ channels: await listChannels() }));

export const POST = route(ADMIN, async (req, _ctx, who) => json({ channel: await createChannel(await readJson(req, ChannelCreateSchema), who.actor) }, { status: 201 }));
