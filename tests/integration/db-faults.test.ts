import { authedRequest } from "@/tests/fixtures/auth";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { afterEach, describe, expect, it } from "vitest";
import * as health from "@/app/api/health/route";
import { db } from "@/lib/db";
import { createPacket, updatePacket } from "@/lib/packets/service";

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
