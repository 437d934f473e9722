import { READ } from "@/lib/auth/roles";
import { parseWith, route } from "@/lib/http";
import { recordYaml } from "@/lib/smoke/records";
import { RunIdSchema } from "@/lib/smoke/schema";
import { getRun } from "@/lib/smoke/store";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(READ, async (_req, { params }) => {
  const { id } = parseWith(RunIdSchema, await params);
  const run = await getRun(id);
  return new Response(recordYaml(run.record), {
    headers: {
      "content-type": "application/yaml; charset=utf-8",
      "content-disposition": `inline; filename="${run.testId}.yaml"`,
    },
  });
});
