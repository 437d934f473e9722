import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { sharedPacket } from "../fixtures/e2e-packets";

// Revocation is immediate on the production path: the production server
// (build + scripts/server.mjs, started by scripts/e2e-server.mjs) answers
// reviewer pages through its fast path, which must ask the one validity
// function on every request (decision 044). Each request below is made
// within what used to be the fast path's 1 s cache window.

const E2E_DB = path.resolve("tests/.tmp/e2e.db");

async function sharedLink(request: APIRequestContext, title: string) {
  const { packet, link } = await sharedPacket(request, title);
  return { packetId: packet.id, ...link };
}

const views = async (request: APIRequestContext, packetId: string, linkId: string) =>
  ((await (await request.get(`/api/packets/${packetId}/share-links`)).json()).items as { id: string; viewCount: number }[]).find((l) => l.id === linkId)!.viewCount;

test("a revoked link answers the same 404 on every request after the revoke, sequential and 50 concurrent", async ({ request }) => {
  const link = await sharedLink(request, "Revocation through the production server");
  // Warm every cache the production path has.
  for (let i = 0; i < 5; i++) expect((await request.get(link.path)).status()).toBe(200);
  const notFound = await request.get(`/p/${"A".repeat(43)}`);
  expect(notFound.status()).toBe(404);
  const the404 = await notFound.text();

  // 50 concurrent reviewer requests while the revoke is in flight: any answer is fine for those.
  const during = Array.from({ length: 50 }, () => request.get(link.path).then((r) => r.status()));
  const revoked = await request.delete(`/api/share-links/${link.id}`);
  expect(revoked.status()).toBe(200);
  for (const s of await Promise.all(during)) expect([200, 404]).toContain(s);

  // Everything after the revoke: 50 concurrent, then sequential, all inside the old 1 s window.
  const after = await Promise.all(Array.from({ length: 50 }, () => request.get(link.path)));
  for (let i = 0; i < 20; i++) after.push(await request.get(link.path));
  for (const r of after) {
    expect(r.status()).toBe(404);
    expect(await r.text()).toBe(the404);
    expect(r.headers()["cache-control"]).toBe("no-store");
  }
});

test("a link revoked by another process (a direct database write) is refused by the very next request", async ({ request }) => {
  const link = await sharedLink(request, "Revocation from another process");
  for (let i = 0; i < 3; i++) expect((await request.get(link.path)).status()).toBe(200);
  const db = new Database(E2E_DB);
  try {
    db.prepare(`UPDATE "ShareLink" SET "revokedAt" = ? WHERE "id" = ?`).run(new Date().toISOString().replace("Z", "+00:00"), link.id);
  } finally {
    db.close();
  }
  for (let i = 0; i < 10; i++) expect((await request.get(link.path)).status()).toBe(404);
});

test("HEAD /p/:token answers like GET without a body and does not count as a view", async ({ request }) => {
  const link = await sharedLink(request, "HEAD is not a view");
  for (let i = 0; i < 3; i++) {
    const head = await request.head(link.path);
    expect(head.status()).toBe(200);
    expect(head.headers()["cache-control"]).toBe("no-store");
    expect(await head.body()).toHaveLength(0);
  }
  expect(await views(request, link.packetId, link.id)).toBe(0);
  expect((await request.get(link.path)).status()).toBe(200);
  expect((await request.head(link.path)).status()).toBe(200);
  expect(await views(request, link.packetId, link.id)).toBe(1);
  expect((await request.head(`/p/${"A".repeat(43)}`)).status()).toBe(404);
});
