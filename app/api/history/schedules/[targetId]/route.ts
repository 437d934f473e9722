import { ADMIN, READ } from "@/lib/auth/roles";
import { json, readJson, route } from "@/lib/http";
import { ScheduleInputSchema } from "@/lib/schedule/schema";
import { getSchedule, removeSchedule, setSchedule } from "@/lib/schedule/service";

export const dynamic = "force-dynamic";

type Params = { targetId: string };

export const GET = route<Params>(READ, async (_req, { params }) => json(await getSchedule((await params).targetId)));

export const PUT = route<Params>(ADMIN, async (req, { params }, who) => {
  const input = await readJson(req, ScheduleInputSchema);
  return json(await setSchedule((await params).targetId, input, who.actor));
});

export const DELETE = route<Params>(ADMIN, async (_req, { params }, who) => json(await removeSchedule((await params).targetId, who.actor)));
