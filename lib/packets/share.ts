import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/roles";
import { audit } from "@/lib/audit/log";
import { db } from "@/lib/db";
import { publicOrigin } from "@/lib/env";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { logger } from "@/lib/log";
import { checkedResponse } from "@/lib/shared/response-check";
import { ShareLinkSchema, type ShareLink, type VersionMeta } from "@/lib/packets/schema";
import { reviewerHtml } from "@/lib/packets/reviewer-html";
import { remember } from "@/lib/shared/registry";
import { hashToken, newSecretToken } from "@/lib/shared/secret-token";
import { personRef } from "@/lib/smoke/schema";
import { checkAndFreeze, frozenJson, notReady, versionDocument } from "@/lib/packets/service";
import { notifyShareLinkFirstOpened } from "@/lib/notify/events";
import { traceUrlTemplate } from "@/lib/telemetry/trace-url";

// Share links. The token is 32 random bytes (256 bits) as base64url, shown
// once; only its sha256 is stored. Unknown, expired and revoked tokens are
// the same "not found" so a probe learns nothing.
// See docs/decisions/010-share-token-design.md.

export const TOKEN_BYTES = 32;
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export { hashToken };

type LinkRow = {
  id: string;
  versionId: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  viewCount: number;
  lastViewedAt: Date | null;
  createdById: string | null;
  createdByLabel: string | null;
  revokedById: string | null;
  revokedByLabel: string | null;
  version: { number: number; sha256: string };
};

function toShareLink(l: LinkRow, now = new Date()): ShareLink {
  return checkedResponse(ShareLinkSchema, {
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
    createdBy: personRef(l.createdById, l.createdByLabel),
    revokedBy: personRef(l.revokedById, l.revokedByLabel),
  }, "ShareLink");
}

/**
 * Check, freeze and mint a link in one transaction: the version the link
 * points at is exactly the content whose readiness was checked. The token is
 * returned here and nowhere else, ever.
 */
export async function createShareLink(packetId: string, expiresInHours: number, actor: Actor) {
  const token = newSecretToken(TOKEN_BYTES);
  const { version, extra: link } = await checkAndFreeze(
    packetId,
    "share",
    (packet) => {
      if (!packet.readiness.ready) throw notReady(packet.readiness, "sharing it");
      if (packet.status === "draft") throw new AppError("conflict", "Mark the packet ready before sharing it.", [{ path: "status", message: "The packet is a draft." }]);
    },
    async (tx, { version }) => {
      const created = await tx.shareLink.create({
        data: {
          packetId,
          versionId: version.id,
          tokenHash: hashToken(token),
          expiresAt: new Date(Date.now() + expiresInHours * 3_600_000),
          createdById: actor.id ?? null,
          createdByLabel: actor.label,
        },
        include: { version: { select: { number: true, sha256: true } } },
      });
      await audit({ actor, action: "share_link_created", subjectType: "share_link", subjectId: created.id, detail: `packet ${packetId} · version ${version.number} · ${expiresInHours} h` }, tx);
      return created;
    },
  );
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
/** Operators revoke the links they created; admins any link. */
export async function revokeShareLink(id: string, who: { actor: Actor; userId: string; role: Role }): Promise<ShareLink> {
  const row = await db.shareLink.findUnique({ where: { id }, include: { version: { select: { number: true, sha256: true } } } });
  if (!row) throw notFound("Share link");
  if (who.role !== "admin" && row.createdById !== who.userId) throw forbidden("Only the person who created this link, or an admin, can revoke it.");
  if (row.revokedAt) return toShareLink(row);
  const updated = await db.$transaction(async (tx) => {
    const u = await tx.shareLink.update({
      where: { id },
      data: { revokedAt: new Date(), revokedById: who.actor.id ?? null, revokedByLabel: who.actor.label },
      include: { version: { select: { number: true, sha256: true } } },
    });
    await audit({ actor: who.actor, action: "share_link_revoked", subjectType: "share_link", subjectId: id, detail: `packet ${row.packetId}` }, tx);
    return u;
  });
  return toShareLink(updated);
}

// View counting. Validity is read from the database on every reviewer
// request (openSharedVersion is the one validity function, used by the Next
// routes and by the production server's fast path alike; decision 044), but
// the view counter is written in batches: one transaction every VIEW_FLUSH_MS instead of one
// write per reviewer request, which under load is most of the page's cost.
// Listing links flushes first, so the operator's numbers are current.
// NOTE: a crash loses at most VIEW_FLUSH_MS of views. See decision 010.
const VIEW_FLUSH_MS = 1000;
type PendingViews = { views: Map<string, { count: number; first: Date; last: Date }>; timer?: ReturnType<typeof setTimeout>; flushing?: Promise<void> };
const pending = remember<PendingViews>("packetPendingViews", () => ({ views: new Map() }));

export function countView(linkId: string, at: Date) {
  const v = pending.views.get(linkId);
  if (v) {
    v.count += 1;
    v.last = at;
  } else pending.views.set(linkId, { count: 1, first: at, last: at });
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
    .$transaction(async (tx) => {
      for (const [id, v] of batch) {
        // The first counted view: this conditional UPDATE matches only a link no view has been counted for
        // (in PostgreSQL a concurrent flush waits for the row and then finds viewCount > 0).
        const first = await tx.shareLink.updateMany({ where: { id, viewCount: 0 }, data: { viewCount: v.count, lastViewedAt: v.last } });
        if (first.count === 1) {
          // The audit log's "first view" entry and the notification outbox row, in the same transaction.
          await tx.$executeRaw`INSERT INTO "AuditEvent" ("at", "actorKind", "actorId", "actorLabel", "action", "subjectType", "subjectId", "detail")
            SELECT ${v.first}, 'anonymous', NULL, 'reviewer (share link)', 'share_link_first_view', 'share_link', "id", 'packet ' || "packetId"
            FROM "ShareLink" WHERE "id" = ${id}`;
          await notifyShareLinkFirstOpened(tx, id, v.first);
        } else {
          await tx.shareLink.updateMany({ where: { id }, data: { viewCount: { increment: v.count }, lastViewedAt: v.last } });
        }
      }
    })
    .then(() => undefined)
    .catch((err: unknown) => {
      // Put them back; the next view or listing retries.
      for (const [id, v] of batch) {
        const cur = pending.views.get(id);
        pending.views.set(id, { count: (cur?.count ?? 0) + v.count, first: cur && cur.first < v.first ? cur.first : v.first, last: cur && cur.last > v.last ? cur.last : v.last });
      }
      logger.warn({ err }, "share-link view counts not written; will retry");
    })
    .finally(() => {
      pending.flushing = undefined;
    });
  await pending.flushing;
}

export type OpenedLink = { linkId: string; expiresAt: number; version: VersionMeta };

/**
 * The one validity decision for a reviewer request: the version a token
 * points at, read from the database now. Throws the same not-found for a
 * malformed, unknown, expired or revoked token. A GET counts a view; a HEAD
 * (`countView: false`) does not.
 */
export async function openSharedVersion(token: string, opts: { countView?: boolean } = {}): Promise<OpenedLink> {
  const gone = () => notFound("Shared packet");
  if (!TOKEN_RE.test(token)) throw gone();
  const now = new Date();
  const link = await db.shareLink.findFirst({
    where: { tokenHash: hashToken(token), revokedAt: null, expiresAt: { gt: now } },
    select: { id: true, expiresAt: true, version: { select: { id: true, number: true, sha256: true, reason: true, createdAt: true } } },
  });
  if (!link) throw gone();
  if (opts.countView !== false) countView(link.id, now);
  const v = link.version;
  return {
    linkId: link.id,
    expiresAt: link.expiresAt.getTime(),
    version: { id: v.id, number: v.number, sha256: v.sha256, reason: v.reason as VersionMeta["reason"], createdAt: v.createdAt.toISOString() },
  };
}

// Versions are immutable, so what a version renders to never changes: keep
// the last few rendered pages in memory instead of re-parsing and
// re-rendering the same bytes for every reviewer and every refresh. Only the
// rendering is cached — never the decision that a token is valid.
// NOTE: in the process registry because Next may instantiate this module once per route bundle.
export type Rendered = { text: string; gzip?: Buffer };
const RENDER_CACHE_MAX = 64;
const renderCache = remember("packetRenderCache", () => new Map<string, Rendered>());

async function cachedRender(key: string, build: () => Promise<string>): Promise<Rendered> {
  const hit = renderCache.get(key);
  if (hit !== undefined) {
    renderCache.delete(key);
    renderCache.set(key, hit);
    return hit;
  }
  const text = await build();
  const value: Rendered = { text };
  renderCache.set(key, value);
  if (renderCache.size > RENDER_CACHE_MAX) renderCache.delete(renderCache.keys().next().value!);
  return value;
}

const loadCanonical = async (versionId: string) =>
  (await db.packetVersion.findUniqueOrThrow({ where: { id: versionId }, select: { canonicalJson: true } })).canonicalJson;

/** The reviewer page for a token, and the link that made it valid just now. */
export async function sharedPage(token: string, opts: { countView?: boolean } = {}): Promise<{ html: Rendered; link: OpenedLink }> {
  const link = await openSharedVersion(token, opts);
  const html = await cachedRender(`html:${link.version.id}`, async () => reviewerHtml(versionDocument(await loadCanonical(link.version.id)), link.version, { traceUrlTemplate: traceUrlTemplate() }));
  return { html, link };
}

/** The reviewer JSON for a token: the frozen document bytes verbatim, with the version that hashes them. */
export async function sharedJson(token: string, opts: { countView?: boolean } = {}): Promise<Rendered> {
  const link = await openSharedVersion(token, opts);
  return cachedRender(`json:${link.version.id}`, async () => frozenJson(await loadCanonical(link.version.id), link.version));
}

/**
 * A cached body as a Response. NOTE: `next start` compresses responses
 * itself and does not pass a route handler's own content-encoding through:
 * a pre-gzipped body came out gzipped twice. So Next gets text; only the
 * production server's fast path sends the pre-compressed bytes.
 */
export function renderedResponse(body: Rendered, headers: Record<string, string>, head = false): Response {
  return new Response(head ? null : body.text, { headers });
}
