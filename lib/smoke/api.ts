import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { once } from "@/lib/smoke/idempotency";
import { runToCompletion, startRehearsal, startRun } from "@/lib/smoke/run-service";
import { formatTestId, type RehearsalInputSchema, type RunInputSchema } from "@/lib/smoke/schema";
import { getRehearsal, getRun } from "@/lib/smoke/store";

/** `?wait=true` waits for completion; anything else answers 202 at once. */
export const WaitQuerySchema = z.object({ wait: z.enum(["true", "false", "1", "0"]).optional() }).passthrough();
export const wantsWait = (q: z.output<typeof WaitQuerySchema>) => q.wait === "true" || q.wait === "1";

type Answer = { status: number; body: unknown; headers: Record<string, string> };

/** A run or rehearsal this request did not start itself (an idempotent repeat) is polled until it finishes. */
async function untilFinished<T extends { state: string }>(read: () => Promise<T>): Promise<T> {
  for (;;) {
    const v = await read();
    if (v.state !== "running") return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const replayHeader = (key: string | null, replayed: boolean): Record<string, string> => (key ? { "idempotent-replayed": String(replayed) } : {});

export async function createRun(input: z.output<typeof RunInputSchema>, wait: boolean, trigger: "manual" | "api", idempotencyKey: string | null = null, actor?: Actor): Promise<Answer> {
  let done: Promise<unknown> | null = null;
  const begin = async () => {
    const started = await startRun(input, { trigger, actor });
    done = started.done;
    return started.id;
  };
  // NOTE: waiting without a key needs no id up front: the run is written once, when it finishes (decision 034).
  if (wait && !idempotencyKey) return { status: 200, body: await runToCompletion(input, { trigger, actor }), headers: {} };
  const { id, replayed } = idempotencyKey ? await once("runs", idempotencyKey, input, begin, Number) : { id: await begin(), replayed: false };
  const headers = replayHeader(idempotencyKey, replayed);
  if (wait) return { status: 200, body: done ? await done : await untilFinished(() => getRun(id)), headers };
  return { status: 202, body: { id, testId: formatTestId(id), state: "running", href: `/api/runs/${id}` }, headers };
}

export async function createRehearsal(input: z.output<typeof RehearsalInputSchema>, wait: boolean, trigger: "manual" | "api", idempotencyKey: string | null = null, actor?: Actor): Promise<Answer> {
  let done: Promise<void> | null = null;
  const begin = async () => {
    const started = await startRehearsal(input, { trigger, actor });
    done = started.done;
    return started.id;
  };
  const { id, replayed } = idempotencyKey ? await once("rehearsals", idempotencyKey, input, begin, String) : { id: await begin(), replayed: false };
  const headers = replayHeader(idempotencyKey, replayed);
  if (wait) {
    if (done) await done;
    return { status: 200, body: await untilFinished(() => getRehearsal(id)), headers };
  }
  return { status: 202, body: { id, state: "running", href: `/api/rehearsals/${id}` }, headers };
}
