import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";

/**
 * The reviewer page's fast path. The production server (scripts/server.mjs)
 * asks `globalThis.reviewerFastPath.serve(req, res)` before handing a
 * request to Next. A token is served here only after the Next route has
 * opened it against the database within the last REVALIDATE_MS; then the
 * page — immutable, since versions never change — goes out pre-compressed
 * with no framework work. Anything else (first view, stale entry, unknown,
 * expired or revoked token) falls through to the Next route, which reads the
 * database and answers the same 404 for every invalid token.
 *
 * Revocation in this process forgets the link at once; expiry is checked on
 * every request; a revocation made by another process holds within
 * REVALIDATE_MS. See docs/decisions/013-reviewer-fast-path.md.
 */
export const REVALIDATE_MS = 1000;

type Entry = { linkId: string; expiresAt: number; checkedAt: number; plain: Buffer; gzip: Buffer; headers: Record<string, string> };
type FastPath = {
  entries: Map<string, Entry>;
  serve: (req: IncomingMessage, res: ServerResponse) => boolean;
  countView?: (linkId: string, at: Date) => void;
};

const TOKEN_PATH = /^\/p\/([A-Za-z0-9_-]{20,100})\/?$/;
const MAX_ENTRIES = 1000;

const g = globalThis as unknown as { reviewerFastPath?: FastPath };

function serve(req: IncomingMessage, res: ServerResponse): boolean {
  const fp = g.reviewerFastPath!;
  const m = TOKEN_PATH.exec(req.url ?? "");
  if (!m || req.method !== "GET") return false;
  const entry = fp.entries.get(m[1]);
  const now = Date.now();
  if (!entry || now - entry.checkedAt > REVALIDATE_MS || now >= entry.expiresAt) return false;
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  const body = gzip ? entry.gzip : entry.plain;
  res.writeHead(200, {
    ...entry.headers,
    "content-length": String(body.length),
    vary: "Accept-Encoding",
    ...(gzip ? { "content-encoding": "gzip" } : {}),
  });
  res.end(body);
  fp.countView?.(entry.linkId, new Date(now));
  return true;
}

const fastPath: FastPath = (g.reviewerFastPath ??= { entries: new Map(), serve });

export function registerFastPathViewCounter(count: (linkId: string, at: Date) => void) {
  fastPath.countView = count;
}

/** Called by the Next route after it opened `token` against the database. */
export function rememberForFastPath(token: string, link: { linkId: string; expiresAt: number }, html: string, headers: Record<string, string>) {
  const existing = fastPath.entries.get(token);
  if (existing && existing.linkId === link.linkId) {
    existing.checkedAt = Date.now();
    return;
  }
  const plain = Buffer.from(html, "utf8");
  fastPath.entries.set(token, { ...link, checkedAt: Date.now(), plain, gzip: gzipSync(plain), headers });
  if (fastPath.entries.size > MAX_ENTRIES) fastPath.entries.delete(fastPath.entries.keys().next().value!);
}

export function forgetFastPathLink(linkId: string) {
  for (const [token, e] of fastPath.entries) if (e.linkId === linkId) fastPath.entries.delete(token);
}
