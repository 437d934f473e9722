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
