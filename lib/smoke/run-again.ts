import type { RunInput, RunJson } from "@/lib/smoke/schema";

/**
 * The POST /api/runs body that repeats a record: its target, path, error
 * scenario (with the replayed status) and stream choice — the stream choice
 * stated, so a target whose default changed since still repeats the record.
 * The target's current policy and fallback apply, as for any new run.
 */
export function runAgainInput(run: Pick<RunJson, "targetId" | "path" | "errorScenario" | "replayStatus" | "record">): RunInput {
  if (!run.targetId) throw new Error("The record's target was deleted.");
  const stream = run.record.stream === true;
  if (run.path === "happy") return { targetId: run.targetId, path: "happy", stream };
  return {
    targetId: run.targetId,
    path: "error",
    errorScenario: run.errorScenario ?? undefined,
    ...(run.errorScenario === "replay_status" && run.replayStatus !== null ? { replayStatus: run.replayStatus } : {}),
    stream,
  };
}
