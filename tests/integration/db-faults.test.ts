import { authedRequest } from "@/tests/fixtures/auth";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { afterEach, describe, expect, it } from "vitest";
import * as health from "@/app/api/health/route";
import { db } from "@/lib/db";
import { createPacket, updatePacket } from "@/lib/packets/service";
import { insertFinishedRun, type FinishedRun, type RunningRun } from "@/lib/smoke/run-writer";
import type { Attempt } from "@/lib/smoke/schema";

// Issue 12 item 2: one failed write must not wedge the writes after it.
// SQLite's own "database or disk is full" (SQLITE_FULL) is produced here with
// `PRAGMA max_page_count` on the app's connection: no root, no tmpfs needed.
// tests/e2e/db-faults.spec.ts does the same with a real full filesystem.

async function pageCount() {
  const rows = await db.$queryRawUnsafe<{ page_count: bigint }[]>("PRAGMA page_count");
  return Number(rows[0].page_count);
}
async function diskFull(full: boolean) {
  await db.$queryRawUnsafe(`PRAGMA max_page_count = ${full ? await pageCount() : 1073741823}`);
}
const bigSummary = () => "A reviewer-ready summary. ".repeat(3000);
const within = <T>(p: Promise<T>, ms = 5_000) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms: the write path is wedged`)), ms))]);

afterEach(async () => {
  await diskFull(false);
});

describe("a write that fails leaves the next write working", () => {
  it("an interactive transaction that fails on a full disk releases the connection", async () => {
    const packet = await createPacket({ title: "Before the disk filled" }, SYSTEM_ACTOR);
    await diskFull(true);
    await expect(within(updatePacket(packet.id, { revision: packet.revision, sections: { summary: bigSummary() } }, SYSTEM_ACTOR))).rejects.toThrow(/full|SQLITE_FULL/i);
    await diskFull(false);
    // The next transaction and a nested write (an internal transaction) both go through.
    const after = await within(updatePacket(packet.id, { revision: packet.revision, sections: { summary: "Written after space was freed." } }, SYSTEM_ACTOR));
    expect(after.revision).toBe(packet.revision + 1);
    const other = await within(createPacket({ title: "After the disk was freed" }, SYSTEM_ACTOR));
    expect(other.title).toBe("After the disk was freed");
  });

  it("health answers 503 with the reason while writes fail, and 200 again after", async () => {
    const get = () => health.GET(authedRequest("http://test/api/health"), { params: Promise.resolve({} as Record<string, never>) });
    expect((await get()).status).toBe(200);
    // `query_only` makes SQLite refuse every write on this connection while reads go on.
    await db.$queryRawUnsafe("PRAGMA query_only = ON");
    const res = await within(get());
    const body = await res.json();
    expect(res.status).toBe(503);
    expect(body).toMatchObject({ status: "degraded", db: "error", read: "ok", write: "error" });
    expect(body.reason).toMatch(/read-only/);
    await db.$queryRawUnsafe("PRAGMA query_only = OFF");
    const again = await within(get());
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "ok", db: "ok", write: "ok" });
  });

  it("a write outside a transaction is never undone by another request's rollback", async () => {
    const packet = await createPacket({ title: "Rollback isolation" }, SYSTEM_ACTOR);
    const failing = db
      .$transaction(async (tx) => {
        await tx.packet.update({ where: { id: packet.id }, data: { title: "inside the failing transaction" } });
        await new Promise((r) => setTimeout(r, 100));
        throw new Error("conflict");
      })
      .catch((e: Error) => e.message);
    await new Promise((r) => setTimeout(r, 20));
    // Another request's plain write while that transaction is open.
    const outside = await db.packet.create({ data: { title: "written by another request", sections: "{}" }, select: { id: true } });
    expect(await failing).toBe("conflict");
    expect(await db.packet.findUnique({ where: { id: outside.id }, select: { id: true } })).not.toBeNull();
    expect((await db.packet.findUniqueOrThrow({ where: { id: packet.id } })).title).toBe("Rollback isolation");
  });
});

// The runner's record writes skip Prisma's query engine but not its
// connection (decision 054): the same lock, the same rollback guarantees.
describe("the runner's record write, below Prisma's engine", () => {
  const running = (traceId: string): RunningRun => ({
    targetId: null, targetName: "db-faults", rehearsalId: null, path: "happy", errorScenario: null, replayStatus: null, trigger: "api", state: "running",
    providerProfile: "openai-compatible", environmentLabel: "test", endpointFamily: "chat_completions", model: "ok", credentialConfigured: true, retryCeiling: 2, traceId, checkedAt: new Date(),
    startedByKind: "user", startedById: null, startedByLabel: "db-faults", instanceId: null,
  });
  const finished = (notes = "done"): FinishedRun => ({
    state: "done", finishedAt: new Date(), durationMs: 3, httpStatusCode: 200, httpStatusFamily: "2xx", clientErrorClass: "none", retryAttempts: 0, fallbackDecision: "primary_retained",
    fallbackReason: "primary passed", requestId: "req_1", responseObjectFamily: "chat.completion", contractResult: "pass", sanitizedErrorSummary: "none", operatorResult: "pass", expectation: "pass", notes, checks: "[]",
  });
  const attempt = (seq: number): Attempt => ({
    seq, targetId: null, targetName: "db-faults", role: "primary", spanId: `span${seq}`, serverAddress: "127.0.0.1", startedAt: new Date().toISOString(), durationMs: 2, statusCode: 200, statusFamily: "2xx",
    errorClass: "none", errorType: null, requestId: "req_1", retryAfterMs: null, waitMs: 0, decision: "success", decisionRule: "openai-compatible: 2xx", profile: "openai-compatible", contractResult: "pass", sanitizedSummary: "200 OK",
  }) as Attempt;
  const runsWithTrace = (traceId: string) => db.run.findMany({ where: { traceId }, include: { attempts: true } });

  it("waits for another request's open transaction and is not undone by its rollback", async () => {
    const packet = await createPacket({ title: "Open transaction" }, SYSTEM_ACTOR);
    let inside!: () => void;
    const opened = new Promise<void>((r) => (inside = r));
    const failing = db
      .$transaction(async (tx) => {
        await tx.packet.update({ where: { id: packet.id }, data: { title: "inside the failing transaction" } });
        inside();
        await new Promise((r) => setTimeout(r, 100));
        throw new Error("conflict");
      })
      .catch((e: Error) => e.message);
    await opened;
    const id = await within(insertFinishedRun(running("trace-during-rollback"), finished(), [attempt(0)]));
    expect(await failing).toBe("conflict");
    const [run] = await runsWithTrace("trace-during-rollback");
    expect(run.id).toBe(id);
    expect(run.attempts).toHaveLength(1);
    expect((await db.packet.findUniqueOrThrow({ where: { id: packet.id } })).title).toBe("Open transaction");
  });

  it("a record write that fails on a full disk leaves nothing half-written and the next write working", async () => {
    await diskFull(true);
    const auditsBefore = await db.auditEvent.count({ where: { action: "run_started" } });
    await expect(within(insertFinishedRun(running("trace-disk-full"), finished(bigSummary()), [attempt(0), attempt(1)], { ip: null }))).rejects.toThrow(/full|SQLITE_FULL/i);
    await diskFull(false);
    expect(await runsWithTrace("trace-disk-full")).toHaveLength(0);
    expect(await db.auditEvent.count({ where: { action: "run_started" } })).toBe(auditsBefore);
    const id = await within(insertFinishedRun(running("trace-after-disk-full"), finished(), [attempt(0)], { ip: "192.0.2.7" }));
    expect((await runsWithTrace("trace-after-disk-full")).map((r) => [r.id, r.attempts.length])).toEqual([[id, 1]]);
    // The run's audit entry is written in the run's own transaction, naming it.
    const entry = await db.auditEvent.findFirstOrThrow({ where: { action: "run_started", subjectId: String(id) } });
    expect([entry.actorLabel, entry.ipAddress, entry.subjectType]).toEqual(["db-faults", "192.0.2.7", "run"]);
    // And Prisma's own transactions still go through on the same connection.
    expect((await within(createPacket({ title: "After the runner's failed write" }, SYSTEM_ACTOR))).title).toBe("After the runner's failed write");
  });
});
