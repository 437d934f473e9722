import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startProdServer, type ProdServer } from "../fixtures/prod-server";

// Issue 12 item 2 against the production server: the database lives on a
// small tmpfs; the test fills it, sees writes fail with a 500 and health
// answer 503 with the reason, frees it, and the very next write succeeds.
// Mounting needs root (CI runs as root; `.ci/run`).

const MOUNT = path.resolve("tests/.tmp/tmpfs-db-faults");
let server: ProdServer | undefined;

test.beforeAll(() => {
  mkdirSync(MOUNT, { recursive: true });
  try {
    execFileSync("umount", [MOUNT], { stdio: "ignore" });
  } catch {
    // not mounted
  }
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", MOUNT], { stdio: "pipe" });
  } catch (err) {
    throw new Error(`This test mounts a small tmpfs and needs root (CI runs as root): ${(err as Error).message}`);
  }
});
test.afterAll(async () => {
  await server?.stop();
  try {
    execFileSync("umount", [MOUNT], { stdio: "ignore" });
  } catch {
    // already gone
  }
});

/** Writes a filler file until the filesystem is full. */
function fill(file: string) {
  const fd = openSync(file, "w");
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
  } finally {
    closeSync(fd);
  }
  // The last few bytes too.
  try {
    for (;;) writeFileSync(file, Buffer.alloc(512, 1), { flag: "a" });
  } catch {
    // full
  }
}

test("a full disk fails writes with a logged 500 and a 503 health; after space is freed the next write works", async () => {
  test.setTimeout(90_000);
  server = await startProdServer({ dbFile: path.join(MOUNT, "evidence.db") });
  const post = (title: string) =>
    server!.fetch(`${server!.origin}/api/packets`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title }), signal: AbortSignal.timeout(15_000) }).then(async (r) => ({ status: r.status, body: await r.json() }), (e: Error) => ({ status: 0, body: e.name }));
  const health = () => server!.fetch(`${server!.origin}/api/health`, { signal: AbortSignal.timeout(15_000) }).then(async (r) => ({ status: r.status, body: await r.json() }));

  expect((await post("Before the disk filled")).status).toBe(201);
  expect((await health()).status).toBe(200);

  const filler = path.join(MOUNT, "filler.bin");
  fill(filler);
  // While full, writes fail with a logged 500 (a server fault), never hang.
  // NOTE: SQLite may still fit a write into WAL space it already holds (the
  // 1 s checkpoint lets the WAL restart from its start, decision 034), so a
  // write can succeed on a full disk; keep writing until one fails, and ask
  // health right after it.
  const answers: number[] = [];
  let sick: { status: number; body: { status?: string; write?: string; reason?: string } } | undefined;
  for (let i = 0; i < 60 && !sick; i++) {
    const res = await post(`While full ${i}`);
    answers.push(res.status);
    expect([201, 500], JSON.stringify(res.body)).toContain(res.status);
    if (res.status !== 500) continue;
    expect(res.body.error.code).toBe("internal");
    const h = await health();
    if (h.status === 503) sick = h;
  }
  expect(answers, "no write failed on the full disk").toContain(500);
  expect(sick, `health never answered 503 right after a failed write (writes: ${answers.join(",")})`).toBeDefined();
  expect(sick!.body).toMatchObject({ status: "degraded", write: "error" });
  expect(sick!.body.reason).toMatch(/disk is full/);

  rmSync(filler);
  const after = await post("After space was freed");
  expect(after.status, JSON.stringify(after.body)).toBe(201);
  expect((await health()).status).toBe(200);
  // A run (its final write is a transaction) finishes too.
  const targets = (await (await server.fetch(`${server.origin}/api/targets`)).json()).items as { id: string; name: string }[];
  const run = await server.fetch(`${server.origin}/api/runs?wait=true`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ targetId: targets.find((t) => t.name === "Sandbox primary")!.id, path: "happy" }), signal: AbortSignal.timeout(30_000) });
  expect(run.status).toBe(200);
  expect((await run.json()).state).toBe("done");
  expect(server.log()).toContain("unhandled error");
});
