import { z } from "zod";
import { json, readJson, route } from "@/lib/http";
import { resetBreaker } from "@/lib/smoke/breakers";

export const dynamic = "force-dynamic";

const ResetInputSchema = z.object({}).strict();

export const POST = route<{ targetId: string }>(async (req, { params }) => {
  await readJson(req, ResetInputSchema);
  const actor = req.headers.get("x-evidence-client") === "dashboard" ? "dashboard" : "api";
  return json(await resetBreaker((await params).targetId, actor), { status: 201 });
});
