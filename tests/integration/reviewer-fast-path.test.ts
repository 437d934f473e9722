import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { reviewerFastPath } from "@/lib/packets/fast-path";
import { flushViews, hashToken, revokeShareLink } from "@/lib/packets/share";
import { canonicalJson, sha256Hex } from "@/lib/packets/canonical";
import { readyDocument } from "@/tests/fixtures/packets";

// The fast path holds no link state: it asks the one validity function on
// every request, so a revocation — through the API or by another process
// writing the database — holds for the very next request (decision 044).

const TOKEN = "FastPathTokenAbcdefghijklmnopqrstuvwxyz0123";
let linkId: string;

function call(method: string, url: string, encoding = "gzip") {
  const out: { status?: number; headers?: Record<string, string>; body?: Buffer } = {};
  const res = {
    writeHead: (status: number, headers: Record<string, string>) => ((out.status = status), (out.headers = headers), res),
    end: (body?: Buffer) => (out.body = body),
  } as unknown as ServerResponse;
  return reviewerFastPath.serve({ method, url, headers: { "accept-encoding": encoding } } as unknown as IncomingMessage, res).then((served) => ({ served, ...out }));
}

beforeAll(async () => {
  const p = await db.packet.create({ data: { title: "Fast path" } });
  const canonical = canonicalJson(readyDocument({ packetId: p.id }));
  const v = await db.packetVersion.create({ data: { packetId: p.id, number: 1, revision: 1, canonicalJson: canonical, sha256: sha256Hex(canonical), reason: "share" } });
  linkId = (await db.shareLink.create({ data: { packetId: p.id, versionId: v.id, tokenHash: hashToken(TOKEN), expiresAt: new Date(Date.now() + 3_600_000) } })).id;
});

describe("reviewer page fast path", () => {
  it("serves a valid token pre-compressed with the reviewer headers, counting a GET and not a HEAD", async () => {
    const r = await call("GET", `/p/${TOKEN}`);
    expect(r.served).toBe(true);
    expect(r.headers).toMatchObject({ "cache-control": "no-store", "referrer-policy": "no-referrer", "content-encoding": "gzip" });
    expect(gunzipSync(r.body!).toString()).toContain("Chat completions 5xx on staging");
    const plain = await call("GET", `/p/${TOKEN}`, "identity");
    expect(plain.body!.toString()).toContain("Chat completions 5xx on staging");
    const head = await call("HEAD", `/p/${TOKEN}`);
    expect(head).toMatchObject({ served: true, status: 200, body: undefined });
    await flushViews();
    expect((await db.shareLink.findUniqueOrThrow({ where: { id: linkId } })).viewCount).toBe(2);
  });

  it("leaves unknown tokens and other methods to the Next route (the one 404)", async () => {
    expect((await call("GET", `/p/${"B".repeat(43)}`)).served).toBe(false);
    expect((await call("POST", `/p/${TOKEN}`)).served).toBe(false);
  });

  it("a link revoked by another process's write is refused by the very next request", async () => {
    expect((await call("GET", `/p/${TOKEN}`)).served).toBe(true);
    await db.shareLink.update({ where: { id: linkId }, data: { revokedAt: new Date() } }); // no side channel involved
    expect((await call("GET", `/p/${TOKEN}`)).served).toBe(false);
    await db.shareLink.update({ where: { id: linkId }, data: { revokedAt: null } });
    expect((await call("GET", `/p/${TOKEN}`)).served).toBe(true);
    await revokeShareLink(linkId, { actor: SYSTEM_ACTOR, userId: "system", role: "admin" });
    expect((await call("GET", `/p/${TOKEN}`)).served).toBe(false);
  });
});
