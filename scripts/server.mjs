// The production server: Next.js in this process, behind a plain Node HTTP
// server so the reviewer page's fast path (lib/packets/fast-path.ts) can
// answer before any framework work. The fast path decides nothing itself:
// it asks the same validity function as the Next route, on every request
// (decision 044). Everything else goes to Next unchanged.
// Binds HOST (127.0.0.1 by default) and PORT (3000).
// REVIEWER_FAST_PATH=off sends reviewer pages through Next too (the bench compares both).
import { createServer } from "node:http";
import next from "next";
import { createShareLimiter, decodablePath, envelopeFor405, guardBody, guardHost, isSharePath, setClientIp } from "./request-guards.mjs";
import { isSandboxPath, refuseSandboxCaller } from "./sandbox-access.mjs";
import { traceUrlTemplateProblem } from "./trace-url.mjs";

const hostname = process.env.HOST || "127.0.0.1";
const port = Number(process.env.PORT || 3000);
process.env.NEXT_TELEMETRY_DISABLED = "1";

// A trace link that cannot work is refused now, not found broken on every page (decision 131).
const traceUrlProblem = traceUrlTemplateProblem(process.env.TRACE_URL_TEMPLATE);
if (traceUrlProblem) {
  console.error(`Evidence Packet cannot start: ${traceUrlProblem}`);
  process.exit(1);
}

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const fastPathOn = process.env.REVIEWER_FAST_PATH !== "off";
const shareLimit = createShareLimiter();

const server = createServer((req, res) => {
  // Issue 12: what a client sends never becomes a 500 (docs/decisions/052).
  req.url = decodablePath(req.url ?? "/");
  // Loopback callers only, unless SANDBOX_PUBLIC=1 (decision 062). The sandbox
  // holds no session or data, so the Host rule below is not its business.
  const sandbox = isSandboxPath(req.url);
  if (sandbox && refuseSandboxCaller(req, res)) return;
  // Issue 11.7: DNS rebinding (Host) and a trusted client address (docs/decisions/072).
  if (!sandbox && guardHost(req, res)) return;
  setClientIp(req);
  if (guardBody(req, res)) return;
  if (shareLimit && isSharePath(req.url)) {
    // A limiter fault never blocks a reviewer: the request goes on.
    shareLimit(req, res).then(
      (limited) => limited || dispatch(req, res),
      () => dispatch(req, res),
    );
    return;
  }
  dispatch(req, res);
});

function dispatch(req, res) {
  if (req.url.startsWith("/api/")) envelopeFor405(req, res);
  // Registered (lib/shared/registry.ts) once the reviewer route has loaded; until then Next answers.
  const fastPath = fastPathOn ? globalThis.__evidenceRegistry?.get("reviewerFastPath") : undefined;
  if (fastPath && (req.method === "GET" || req.method === "HEAD") && req.url?.startsWith("/p/")) {
    fastPath.serve(req, res).then(
      (served) => {
        if (!served) handle(req, res);
      },
      () => handle(req, res),
    );
    return;
  }
  handle(req, res);
}
server.listen(port, hostname, () => console.log(`▲ Evidence Packet ready on http://${hostname}:${port}`));

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    server.close();
    server.closeAllConnections();
    // Several instances (decision 102): hand this instance's lease back and
    // close what it was running now, not when the lease expires. Bounded: a
    // database that does not answer does not hold the stop up.
    // Notifications (decision 130): no new claims, and the sends in flight finish and are marked before the
    // lease goes — so a graceful restart never sends a message twice. Bounded like the lease release.
    const notify = globalThis.__evidenceRegistry?.get("notify.worker");
    if (notify?.stop) {
      const waitMs = Number(process.env.NOTIFICATIONS_SEND_TIMEOUT_MS || 10000) + 2000;
      await Promise.race([notify.stop(waitMs).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, waitMs + 500))]);
    }
    const instance = globalThis.__evidenceRegistry?.get("instance.self");
    // Runs' spans still queued for the OpenTelemetry collector are sent (decision 131).
    const otel = globalThis.__evidenceRegistry?.get("otel.pipeline");
    await Promise.race([
      Promise.all([instance?.release?.().catch(() => undefined), otel?.shutdown?.().catch(() => undefined)]),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ]);
    process.exit(0);
  });
}
