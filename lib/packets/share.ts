import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { publicOrigin } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { logger } from "@/lib/log";
import { ShareLinkSchema, type PacketDocument, type ShareLink, type VersionMeta } from "@/lib/packets/schema";
import { reviewerHtml } from "@/lib/packets/reviewer-html";
import { forgetFastPathLink, registerFastPathViewCounter } from "@/lib/packets/fast-path";
import { exportJson, freezeVersion, getPacket, versionDocument } from "@/lib/packets/service";

// Share links. The token is 32 random bytes (256 bits) as base64url, shown
// once; only its sha256 is stored. Unknown, expired and revoked tokens are
// the same "not found" so a probe learns nothing.
// See docs/decisions/010-share-token-design.md.

export const TOKEN_BYTES = 32;
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

type LinkRow = {
  id: string;
  versionId: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  viewCount: number;
  lastViewedAt: Date | null;
  version: { number: number; sha256: string };
};

function toShareLink(l: LinkRow, now = new Date()): ShareLink {
  return ShareLinkSchema.parse({
    id: l.id,
    versionId: l.versionId,
    versionNumber: l.version.number,
    versionSha256: l.version.sha256,
    createdAt: l.createdAt.toISOString(),
    expiresAt: l.expiresAt.toISOString(),
    revokedAt: l.revokedAt?.toISOString() ?? null,
    viewCount: l.viewCount,
    lastViewedAt: l.lastViewedAt?.toISOString() ?? null,
    state: l.revokedAt ? "revoked" : l.expiresAt <= now ? "expired" : "active",
  });
}

/** Freeze a version and mint a link for it. The token is returned here and nowhere else, ever. */
export async function createShareLink(packetId: string, expiresInHours: number) {
  const packet = await getPacket(packetId);
  if (packet.status === "draft" || !packet.readiness.ready) {
    throw new AppError(
      "conflict",
      packet.readiness.ready
        ? "Mark the packet ready before sharing it."
        : `The packet has ${packet.readiness.blocking.length} blocking readiness item(s); resolve them and mark it ready before sharing.`,
      packet.readiness.blocking.map((b) => ({ path: b.where ?? b.rule, message: b.message })),
    );
  }
  const { version } = await freezeVersion(packetId, "share");
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  const link = await db.$transaction(async (tx) => {
    const created = await tx.shareLink.create({
      data: { packetId, versionId: version.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + expiresInHours * 3_600_000) },
      include: { version: { select: { number: true, sha256: true } } },
    });
    await tx.packet.update({ where: { id: packetId }, data: { status: "shared" } });
    return created;
  });
  const path = `/p/${token}`;
  return { ...toShareLink(link), path, url: `${publicOrigin()}${path}`, version };
}

export async function listShareLinks(packetId: string): Promise<ShareLink[]> {
  await flushViews();
  const exists = await db.packet.findUnique({ where: { id: packetId }, select: { id: true } });
  if (!exists) throw notFound("Packet");
  const rows = await db.shareLink.findMany({
    where: { packetId },
    orderBy: { createdAt: "desc" },
    include: { version: { select: { number: true, sha256: true } } },
  });
  return rows.map((r) => toShareLink(r));
}

/** Revoking twice is fine; the first revocation time is kept. */
export async function revokeShareLink(id: string): Promise<ShareLink> {
  const row = await db.shareLink.findUnique({ where: { id }, include: { version: { select: { number: true, sha256: true } } } });
  if (!row) throw notFound("Share link");
  if (row.revokedAt) return toShareLink(row);
  const updated = await db.shareLink.update({ where: { id }, data: { revokedAt: new Date() }, include: { version: { select: { number: true, sha256: true } } } });
  forgetFastPathLink(id);
  return toShareLink(updated);
}

// View counting. Validity is read from the database when the Next route
// opens a token (the fast path in fast-path.ts sends a token back here at
// least once a second; see decision 013), but the view counter
// is written in batches: one transaction every VIEW_FLUSH_MS instead of one
// write per reviewer request, which under load is most of the page's cost.
// Listing links flushes first, so the operator's numbers are current.
// NOTE: a crash loses at most VIEW_FLUSH_MS of views. See decision 010.
const VIEW_FLUSH_MS = 1000;
type PendingViews = { views: Map<string, { count: number; last: Date }>; timer?: ReturnType<typeof setTimeout>; flushing?: Promise<void> };
const gv = globalThis as unknown as { packetPendingViews?: PendingViews };
const pending: PendingViews = (gv.packetPendingViews ??= { views: new Map() });

/** The link behind a token opened just now (read by the reviewer fast path). */
const lastOpened = new Map<string, { linkId: string; expiresAt: number }>();
export function takeOpenedLink(token: string) {
  const v = lastOpened.get(token);
  lastOpened.delete(token);
  return v;
}

export function countView(linkId: string, at: Date) {
  const v = pending.views.get(linkId);
  if (v) {
    v.count += 1;
    v.last = at;
  } else pending.views.set(linkId, { count: 1, last: at });
  if (!pending.timer) {
    pending.timer = setTimeout(() => void flushViews(), VIEW_FLUSH_MS);
    pending.timer.unref?.();
  }
}

/** Write counted views now (also called before links are listed). */
export async function flushViews(): Promise<void> {
  if (pending.flushing) await pending.flushing;
  clearTimeout(pending.timer);
  pending.timer = undefined;
  if (pending.views.size === 0) return;
  const batch = [...pending.views.entries()];
  pending.views.clear();
  pending.flushing = db
    .$transaction(batch.map(([id, v]) => db.shareLink.updateMany({ where: { id }, data: { viewCount: { increment: v.count }, lastViewedAt: v.last } })))
    .then(() => undefined)
    .catch((err: unknown) => {
      // Put them back; the next view or listing retries.
      for (const [id, v] of batch) {
        const cur = pending.views.get(id);
        pending.views.set(id, { count: (cur?.count ?? 0) + v.count, last: cur && cur.last > v.last ? cur.last : v.last });
      }
      logger.warn({ err }, "share-link view counts not written; will retry");
    })
    .finally(() => {
      pending.flushing = undefined;
    });
  await pending.flushing;
}

/**
 * The version a token points at, counting the view. Throws the same
 * not-found for a malformed, unknown, expired or revoked token.
 */
export async function openSharedVersion(token: string): Promise<VersionMeta> {
  const gone = () => notFound("Shared packet");
  if (!TOKEN_RE.test(token)) throw gone();
  const now = new Date();
  const link = await db.shareLink.findFirst({
    where: { tokenHash: hashToken(token), revokedAt: null, expiresAt: { gt: now } },
    select: { id: true, expiresAt: true, version: { select: { id: true, number: true, sha256: true, reason: true, createdAt: true } } },
  });
  if (!link) throw gone();
  countView(link.id, now);
  lastOpened.set(token, { linkId: link.id, expiresAt: link.expiresAt.getTime() });
  if (lastOpened.size > 1000) lastOpened.delete(lastOpened.keys().next().value!);
  const v = link.version;
  return { id: v.id, number: v.number, sha256: v.sha256, reason: v.reason as VersionMeta["reason"], createdAt: v.createdAt.toISOString() };
}

// Versions are immutable, so what a version renders to never changes: keep
// the last few rendered pages in memory instead of re-parsing and
// re-rendering the same bytes for every reviewer and every refresh.
// NOTE: on globalThis because Next may instantiate this module once per route bundle.
export type Rendered = { text: string };
const RENDER_CACHE_MAX = 64;
const g = globalThis as unknown as { packetRenderCache?: Map<string, Rendered> };
const renderCache = (g.packetRenderCache ??= new Map<string, Rendered>());

async function cachedRender(key: string, build: () => Promise<string>): Promise<Rendered> {
  const hit = renderCache.get(key);
  if (hit !== undefined) {
    renderCache.delete(key);
    renderCache.set(key, hit);
    return hit;
  }
  const text = await build();
  const value = { text };
  renderCache.set(key, value);
  if (renderCache.size > RENDER_CACHE_MAX) renderCache.delete(renderCache.keys().next().value!);
  return value;
}

async function loadVersionDocument(versionId: string): Promise<PacketDocument> {
  const row = await db.packetVersion.findUniqueOrThrow({ where: { id: versionId }, select: { canonicalJson: true } });
  return versionDocument(row.canonicalJson);
}

/** The reviewer page for a token (counts a view). */
export async function sharedPage(token: string): Promise<Rendered> {
  const version = await openSharedVersion(token);
  return cachedRender(`html:${version.id}`, async () => reviewerHtml(await loadVersionDocument(version.id), version));
}

/** The reviewer JSON for a token (counts a view): the same document and hash as the page. */
export async function sharedJson(token: string): Promise<Rendered> {
  const version = await openSharedVersion(token);
  return cachedRender(`json:${version.id}`, async () => JSON.stringify(exportJson(await loadVersionDocument(version.id), version)));
}

/**
 * A cached body as a Response. NOTE: `next start` compresses responses
 * itself and does not pass a route handler's own content-encoding through:
 * a pre-gzipped body came out gzipped twice. So the cache holds text only.
 */
export function renderedResponse(body: Rendered, headers: Record<string, string>): Response {
  return new Response(body.text, { headers });
}

registerFastPathViewCounter(countView);
