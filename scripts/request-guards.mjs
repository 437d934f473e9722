// Request guards of the production server (scripts/server.mjs): what a
// client sends never becomes a 500, and a body is never read past its limit.
// Issue 12 items 3 and 4; docs/decisions/052-request-boundary.md.
import { Buffer } from "node:buffer";

/**
 * A path segment that cannot be percent-decoded (`/api/packets/%ff`) made
 * Next answer a bare 500. Decode it as browsers do — invalid bytes become
 * U+FFFD — and re-encode, so the route answers its normal 404.
 */
export function decodablePath(url) {
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  const fixed = path
    .split("/")
    .map((seg) => {
      try {
        decodeURIComponent(seg);
        return seg;
      } catch {
        const bytes = [];
        for (let i = 0; i < seg.length; i++) {
          const hex = seg[i] === "%" ? seg.slice(i + 1, i + 3) : "";
          if (/^[0-9a-fA-F]{2}$/.test(hex)) {
            bytes.push(parseInt(hex, 16));
            i += 2;
          } else bytes.push(...Buffer.from(seg[i]));
        }
        return encodeURIComponent(Buffer.from(bytes).toString("utf8"));
      }
    })
    .join("/");
  return q === -1 ? fixed : fixed + url.slice(q);
}

const MAX_BODY_BYTES = 1024 * 1024;
const envelope = (code, message) => JSON.stringify({ error: { code, message } });

/**
 * Bodies: a declared length over 1 MiB is a 413 before anything is read;
 * and once a response is sent while the body is still arriving (a route
 * refused it part way), the rest is not read: a little is drained so the
 * client sees the answer, then the connection is closed.
 */
export function guardBody(req, res) {
  if (Number(req.headers["content-length"]) > MAX_BODY_BYTES) {
    res.writeHead(413, { "content-type": "application/json", connection: "close" });
    res.end(envelope("payload_too_large", "Body too large (1 MiB max)."));
    setTimeout(() => req.socket.destroy(), 1000).unref();
    return true;
  }
  res.on("finish", () => {
    if (req.complete) return;
    let extra = 0;
    const close = () => req.socket.destroy();
    const timer = setTimeout(close, 1000);
    timer.unref();
    req.on("data", (chunk) => {
      extra += chunk.length;
      if (extra > MAX_BODY_BYTES) {
        clearTimeout(timer);
        close();
      }
    });
    req.on("end", () => clearTimeout(timer));
    req.resume();
  });
  return false;
}

/** Next answers an unsupported method with an empty 405; API clients get the envelope. */
export function envelopeFor405(req, res) {
  const body = () => envelope("method_not_allowed", `${req.method} is not allowed on this path.`);
  const writeHead = res.writeHead;
  res.writeHead = function (status, ...rest) {
    if (status === 405) {
      res.setHeader("content-type", "application/json");
      res.removeHeader("content-length");
      for (const h of rest) {
        if (h && typeof h === "object" && !Array.isArray(h)) {
          for (const k of Object.keys(h)) if (/^content-(type|length)$/i.test(k)) delete h[k];
        }
      }
    }
    return writeHead.call(res, status, ...rest);
  };
  const end = res.end;
  res.end = function (...args) {
    if (res.statusCode === 405) {
      if (!res.headersSent) {
        res.setHeader("content-type", "application/json");
        res.removeHeader("content-length");
      }
      return end.call(res, body());
    }
    return end.apply(res, args);
  };
}

// ── Issue 11.7: the Host header and the client address ──────────────────────

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** Host names this server answers to: PUBLIC_BASE_URL's, and loopback literals (the app calls its own sandbox there). */
export function allowedHost(hostHeader, publicBaseUrl = process.env.PUBLIC_BASE_URL) {
  if (!hostHeader) return false;
  const host = String(hostHeader).toLowerCase();
  if (publicBaseUrl) {
    try {
      if (new URL(publicBaseUrl).host.toLowerCase() === host) return true;
    } catch {
      // an invalid PUBLIC_BASE_URL is refused at startup by lib/env.ts
    }
  }
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0];
  return LOOPBACK_HOSTS.has(name);
}

/**
 * DNS rebinding: a page on evil.test whose name now points at this machine
 * sends `Host: evil.test`. Anything but the configured origin (or loopback)
 * gets 421 before any work. Returns true when it answered.
 */
export function guardHost(req, res) {
  if (allowedHost(req.headers.host)) return false;
  const api = (req.url ?? "").startsWith("/api/");
  res.writeHead(421, { "content-type": api ? "application/json" : "text/plain; charset=utf-8", "cache-control": "no-store" });
  const message = "This server does not answer to that host name. Set PUBLIC_BASE_URL to the address people use to reach it.";
  res.end(api ? envelope("misdirected_request", message) : message);
  return true;
}

export const CLIENT_IP_HEADER = "x-evidence-client-ip";

/**
 * The client's address for rate limits and the audit log: the socket's, or
 * with TRUST_PROXY=1 the last X-Forwarded-For hop (the one the proxy added).
 * A value the client sent in our header is always replaced.
 */
export function setClientIp(req, trustProxy = process.env.TRUST_PROXY === "1") {
  let ip = req.socket?.remoteAddress ?? "";
  if (trustProxy) {
    const xff = String(req.headers["x-forwarded-for"] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (xff.length) ip = xff[xff.length - 1];
  }
  req.headers[CLIENT_IP_HEADER] = ip.replace(/^::ffff:/, "");
}

// ── Issue 11.7: rate limit of the reviewer page and its JSON ────────────────

import { RateLimiterMemory } from "rate-limiter-flexible";

/**
 * `/p/:token` and `/api/shared/:token` are public: each client address gets
 * SHARE_RATE_LIMIT requests a minute (120; 0 turns it off), counted before
 * the token is looked at, so a 429 says nothing about any token — unknown,
 * expired and revoked ones still share one 404. rate-limiter-flexible rather
 * than a hand-written window (decision 074). Per process: each instance of a
 * scaled-out deployment counts on its own.
 */
export function createShareLimiter(perMinute = Number(process.env.SHARE_RATE_LIMIT ?? 120)) {
  if (!Number.isFinite(perMinute) || perMinute <= 0) return null;
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return async function limit(req, res) {
    try {
      await limiter.consume(String(req.headers[CLIENT_IP_HEADER] || "unknown"));
      return false;
    } catch (rejection) {
      if (rejection instanceof Error) throw rejection;
      const retryAfter = Math.max(1, Math.ceil((rejection?.msBeforeNext ?? 60_000) / 1000));
      const api = (req.url ?? "").startsWith("/api/");
      res.writeHead(429, { "content-type": api ? "application/json" : "text/plain; charset=utf-8", "retry-after": String(retryAfter), "cache-control": "no-store", "x-robots-tag": "noindex" });
      const message = `Too many requests from this address; try again in ${retryAfter} s.`;
      res.end(req.method === "HEAD" ? undefined : api ? envelope("rate_limited", message) : message);
      return true;
    }
  };
}

export const isSharePath = (url) => /^\/(p|api\/shared)\//.test(url ?? "");
