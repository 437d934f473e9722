import { READ } from "@/lib/auth/roles";
import { json, parseWith, route } from "@/lib/http";
import { RunIdSchema } from "@/lib/smoke/schema";
import { getRun } from "@/lib/smoke/store";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(READ, async (_req, { params }) => {
  const { id } = parseWith(RunIdSchema, await params);
  return json(await getRun(id));
});
