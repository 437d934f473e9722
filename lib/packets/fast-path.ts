import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { AppError } from "@/lib/errors";
import { REVIEWER_HEADERS } from "@/lib/packets/reviewer-html";
import { sharedPage } from "@/lib/packets/share";
import { remember } from "@/lib/shared/registry";

/**
 * The reviewer page's fast path. The production server (scripts/server.mjs)
 * offers `GET`/`HEAD /p/<token>` to `serve` before handing the request to
 * Next. `serve` asks the one validity function — `sharedPage()`, a database
 * read on every request, exactly what the Next route asks — and, for a valid
 * token, sends the cached rendering pre-compressed with no framework work.
 * It keeps no state of its own about links: nothing to forget on revocation,
 * nothing that can go stale (decision 044, superseding 013's side channel).
 * An invalid token is not answered here: it goes on to the Next route,
 * which gives every invalid token the same 404.
 */
export type FastPath = { serve: (req: IncomingMessage, res: ServerResponse) => Promise<boolean> };

const TOKEN_PATH = /^\/p\/([A-Za-z0-9_-]{20,100})\/?$/;
export const PAGE_HEADERS = { ...REVIEWER_HEADERS, "content-type": "text/html; charset=utf-8" };

async function serve(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const m = TOKEN_PATH.exec(req.url ?? "");
  if (!m || (req.method !== "GET" && req.method !== "HEAD")) return false;
  let page: Awaited<ReturnType<typeof sharedPage>>;
  try {
    page = await sharedPage(m[1], { countView: req.method === "GET" });
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") return false;
    throw err;
  }
  const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
  // NOTE: the rendering of an immutable version is cached; its gzip is computed once beside it.
  const body = gzip ? (page.html.gzip ??= gzipSync(Buffer.from(page.html.text, "utf8"))) : Buffer.from(page.html.text, "utf8");
  res.writeHead(200, {
    ...PAGE_HEADERS,
    "content-length": String(body.length),
    vary: "Accept-Encoding",
    ...(gzip ? { "content-encoding": "gzip" } : {}),
  });
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}

/** Registered when the reviewer route is first loaded; scripts/server.mjs reads it from the registry. */
export const reviewerFastPath = remember<FastPath>("reviewerFastPath", () => ({ serve }));
