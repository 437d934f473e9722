import { authedRequest, TEST_ADMIN } from "@/tests/fixtures/auth";
import { beforeAll, describe, expect, it } from "vitest";
import * as packetsRoute from "@/app/api/packets/route";
import * as packetRoute from "@/app/api/packets/[id]/route";
import * as statusRoute from "@/app/api/packets/[id]/status/route";
import * as shareRoute from "@/app/api/packets/[id]/share/route";
import * as linksRoute from "@/app/api/packets/[id]/share-links/route";
import * as revokeRoute from "@/app/api/share-links/[id]/route";
import * as sharedRoute from "@/app/api/shared/[token]/route";
import * as pageRoute from "@/app/p/[token]/route";
import { db } from "@/lib/db";
import { hashToken } from "@/lib/packets/share";
import { insertRun } from "@/tests/fixtures/runs";

const ctx = <P,>(params: P) => ({ params: Promise.resolve(params) });
const noParams = ctx({} as Record<string, never>);
const req = (url: string, method = "GET", body?: unknown) =>
  authedRequest(`http://test${url}`, { method, ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}) });
const openPage = (token: string) => pageRoute.GET(req(`/p/${token}`), ctx({ token }));
const openJson = (token: string) => sharedRoute.GET(req(`/api/shared/${token}`), ctx({ token }));

let packetId: string;

beforeAll(async () => {
  const r = await db.rehearsal.create({ data: { targetName: "Sandbox primary", errorScenario: "missing_credential", state: "done" } });
  await insertRun({ rehearsalId: r.id });
  await insertRun(
    { rehearsalId: r.id, path: "error", errorScenario: "missing_credential", httpStatusCode: 401, httpStatusFamily: "4xx", clientErrorClass: "AuthenticationError", fallbackDecision: "manual_hold", sanitizedErrorSummary: "401 invalid_api_key" },
    [{ statusCode: 401, statusFamily: "4xx", decision: "stop" }],
  );
  const res = await packetsRoute.POST(req("/api/packets", "POST", { title: "Shared packet", rehearsalId: r.id }), noParams);
  const p = await res.json();
  packetId = p.id;
  // The operator writes the summary (which confirms it), keeps a not-verified item and confirms the sources.
  await packetRoute.PATCH(
    req(`/api/packets/${p.id}`, "PATCH", {
      revision: p.revision,
      sections: {
        summary: "<script>alert('xss')</script> first version",
        notVerified: { ...p.sections.notVerified, items: p.sections.notVerified.items.map((i: object, n: number) => ({ ...i, confirmed: n === 0 })) },
        sourcesChecked: p.sections.sourcesChecked.map((x: object) => ({ ...x, confirmed: true, accessed: "2026-11-30" })),
      },
    }),
    ctx({ id: p.id }),
  );
});

const share = (hours: number) => shareRoute.POST(req(`/api/packets/${packetId}/share`, "POST", { expiresInHours: hours }), ctx({ id: packetId }));

describe("share links", () => {
  it("a draft packet cannot be shared (409); an expiry outside 24/168/720 is a 400", async () => {
    expect((await share(24)).status).toBe(409);
    await statusRoute.POST(req(`/api/packets/${packetId}/status`, "POST", { status: "ready" }), ctx({ id: packetId }));
    const bad = await share(48);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toBe("expiresInHours");
  });

  it("creates a link shown once: ≥128-bit token, only its hash stored, reviewer page and JSON agree", async () => {
    const res = await share(168);
    expect(res.status).toBe(201);
    const link = await res.json();
    const token = link.path.replace("/p/", "");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes = 256 bits
    expect(link.url.endsWith(link.path)).toBe(true);
    expect(Date.parse(link.expiresAt) - Date.parse(link.createdAt)).toBeGreaterThanOrEqual(168 * 3600_000 - 2000);

    const row = await db.shareLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);

    const list = await (await linksRoute.GET(req(`/api/packets/${packetId}/share-links`), ctx({ id: packetId }))).json();
    expect(list.items).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(token);
    expect(list.items[0]).toMatchObject({ id: link.id, state: "active", viewCount: 0, lastViewedAt: null });

    const page = await openPage(token);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("x-robots-tag")).toContain("noindex");
    const html = await page.text();
    expect(html).toContain("Shared packet");
    expect(html).toContain("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt; first version");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(link.versionSha256);

    const js = await openJson(token);
    expect(js.headers.get("cache-control")).toBe("no-store");
    const body = await js.json();
    expect(body.version.sha256).toBe(link.versionSha256);
    expect(body.document.title).toBe("Shared packet");

    const after = await (await linksRoute.GET(req(`/api/packets/${packetId}/share-links`), ctx({ id: packetId }))).json();
    expect(after.items[0].viewCount).toBe(2);
    expect(after.items[0].lastViewedAt).not.toBeNull();
    expect((await (await packetRoute.GET(req(`/api/packets/${packetId}`), ctx({ id: packetId }))).json()).status).toBe("shared");
  });

  it("a link keeps showing its version after later edits; a new link gets the new version", async () => {
    const first = await (await share(24)).json();
    const p = await (await packetRoute.GET(req(`/api/packets/${packetId}`), ctx({ id: packetId }))).json();
    await packetRoute.PATCH(req(`/api/packets/${packetId}`, "PATCH", { revision: p.revision, sections: { summary: "second version" } }), ctx({ id: packetId }));
    const second = await (await share(24)).json();
    expect(second.versionNumber).toBe(first.versionNumber + 1);
    const oldPage = await (await openPage(first.path.slice(3))).text();
    expect(oldPage).toContain("first version");
    expect(oldPage).not.toContain("second version");
    expect(oldPage).toContain(first.versionSha256);
    const newPage = await (await openPage(second.path.slice(3))).text();
    expect(newPage).toContain("second version");
  });

  it("unknown, malformed, expired and revoked tokens all get the same 404", async () => {
    const link = await (await share(24)).json();
    const token = link.path.slice(3);
    expect((await openPage(token)).status).toBe(200);

    const revoke = await revokeRoute.DELETE(req(`/api/share-links/${link.id}`, "DELETE"), ctx({ id: link.id }));
    expect(revoke.status).toBe(200);
    const revokedView = await revoke.json();
    expect(revokedView.state).toBe("revoked");
    // Attribution (issue 11.5): who created the link and who revoked it.
    expect(link.createdBy).toEqual({ id: expect.any(String), label: TEST_ADMIN.email });
    expect(revokedView.revokedBy).toEqual({ id: link.createdBy.id, label: TEST_ADMIN.email });
    const revoked = await openPage(token);

    const expiring = await (await share(24)).json();
    await db.shareLink.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await openPage(expiring.path.slice(3));

    const unknown = await openPage("A".repeat(43));
    const malformed = await openPage("x");

    const bodies = await Promise.all([revoked, expired, unknown, malformed].map(async (r) => ({ status: r.status, body: await r.text(), cache: r.headers.get("cache-control") })));
    for (const b of bodies) {
      expect(b.status).toBe(404);
      expect(b.cache).toBe("no-store");
      expect(b.body).toBe(bodies[0].body);
    }
    const jsonBodies = await Promise.all([token, expiring.path.slice(3), "A".repeat(43)].map(async (t) => {
      const r = await openJson(t);
      return { status: r.status, body: await r.text() };
    }));
    for (const b of jsonBodies) expect(b).toEqual(jsonBodies[0]);
    expect(jsonBodies[0].status).toBe(404);

    expect((await revokeRoute.DELETE(req("/api/share-links/nope", "DELETE"), ctx({ id: "nope" }))).status).toBe(404);
  });
});

describe("reviewer preview", () => {
  it("shows what a link made now would show, with the hash that link would carry, and freezes nothing", async () => {
    const previewRoute = await import("@/app/api/packets/[id]/preview/route");
    const before = await db.packetVersion.count({ where: { packetId } });
    const res = await previewRoute.GET(req(`/api/packets/${packetId}/preview`), ctx({ id: packetId }));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(await db.packetVersion.count({ where: { packetId } })).toBe(before);
    const sha = html.match(/data-testid="version-sha">([0-9a-f]{64})</)![1];
    const link = await (await share(24)).json();
    expect(link.versionSha256).toBe(sha);
  });
});

describe("view counting", () => {
  it("counts every view, written in a batch within a second (and at once when links are listed)", async () => {
    const link = await (await share(24)).json();
    const token = link.path.slice(3);
    await Promise.all([openPage(token), openPage(token), openJson(token)]);
    await new Promise((r) => setTimeout(r, 1300));
    const row = await db.shareLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.viewCount).toBe(3);
    expect(row.lastViewedAt).not.toBeNull();
    await openPage(token);
    const list = await (await linksRoute.GET(req(`/api/packets/${packetId}/share-links`), ctx({ id: packetId }))).json();
    expect(list.items.find((l: { id: string }) => l.id === link.id).viewCount).toBe(4);
  });
});
