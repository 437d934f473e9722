// Who may call the embedded sandbox provider (issue 11 item 7; decision 062).
// The sandbox answers only this server's own loopback callers — the runner
// sends to it over 127.0.0.1 — unless SANDBOX_PUBLIC=1. Shared by the
// production server (scripts/server.mjs) and the standalone sandbox
// (lib/smoke/sandbox-server.ts, npm run sandbox).

/** Is this socket's peer address loopback (127.0.0.0/8, ::1, IPv4-mapped 127.x)? */
export function isLoopbackAddress(address) {
  if (typeof address !== "string") return false;
  const a = address.toLowerCase().replace(/%.*$/, "");
  return a === "::1" || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/** The decision: may a caller at `remoteAddress` use the sandbox? */
export function sandboxCallerAllowed(remoteAddress, sandboxPublic) {
  return sandboxPublic === "1" || isLoopbackAddress(remoteAddress);
}

/** Does this request path reach the sandbox routes (after the URL parser and percent-decoding)? */
export function isSandboxPath(url) {
  let pathname;
  try {
    // NOTE: appended to an origin, not resolved against one: `//api/…` would otherwise be read as a host.
    pathname = decodeURIComponent(new URL(`http://local${url.startsWith("/") ? "" : "/"}${url}`).pathname);
  } catch {
    return false;
  }
  return /^\/api\/+sandbox(\/|$)/.test(pathname.replace(/\/{2,}/g, "/"));
}

export const SANDBOX_FORBIDDEN_MESSAGE =
  "The sandbox provider answers only this server's own loopback callers. Set SANDBOX_PUBLIC=1 on the server to let other hosts use it.";

/** Answers 403 with the API's envelope and returns true when the caller may not use the sandbox. */
export function refuseSandboxCaller(req, res, sandboxPublic = process.env.SANDBOX_PUBLIC) {
  if (sandboxCallerAllowed(req.socket?.remoteAddress, sandboxPublic)) return false;
  res.writeHead(403, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify({ error: { code: "forbidden", message: SANDBOX_FORBIDDEN_MESSAGE } }));
  return true;
}
