import "server-only";
import { z } from "zod";
import { startRehearsal, startRun } from "@/lib/smoke/run-service";
import { formatTestId, type RehearsalInputSchema, type RunInputSchema } from "@/lib/smoke/schema";
import { getRehearsal } from "@/lib/smoke/store";

/** `?wait=true` waits for completion; anything else answers 202 at once. */
export const WaitQuerySchema = z.object({ wait: z.enum(["true", "false", "1", "0"]).optional() }).passthrough();
export const wantsWait = (q: z.output<typeof WaitQuerySchema>) => q.wait === "true" || q.wait === "1";

export async function createRun(input: z.output<typeof RunInputSchema>, wait: boolean, trigger: "manual" | "api") {
  const { id, done } = await startRun(input, { trigger });
  if (wait) return { status: 200, body: await done };
  return { status: 202, body: { id, testId: formatTestId(id), state: "running", href: `/api/runs/${id}` } };
}

export async function createRehearsal(input: z.output<typeof RehearsalInputSchema>, wait: boolean, trigger: "manual" | "api") {
  const { id, done } = await startRehearsal(input, { trigger });
  if (wait) {
    await done;
    return { status: 200, body: await getRehearsal(id) };
  }
  return { status: 202, body: { id, state: "running", href: `/api/rehearsals/${id}` } };
}
