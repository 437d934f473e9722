// The production server: Next.js in this process, behind a plain Node HTTP
// server so the reviewer page's fast path (lib/packets/fast-path.ts) can
// answer before any framework work. Everything else goes to Next unchanged.
// Binds HOST (127.0.0.1 by default) and PORT (3000).
import { createServer } from "node:http";
import next from "next";
import { decodablePath, envelopeFor405, guardBody } from "./request-guards.mjs";

const hostname = process.env.HOST || "127.0.0.1";
const port = Number(process.env.PORT || 3000);
process.env.NEXT_TELEMETRY_DISABLED = "1";

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  // Issue 12: what a client sends never becomes a 500 (docs/decisions/052).
  req.url = decodablePath(req.url ?? "/");
  if (guardBody(req, res)) return;
  if (req.url.startsWith("/api/")) envelopeFor405(req, res);
  if (req.method === "GET" && req.url?.startsWith("/p/") && globalThis.reviewerFastPath?.serve(req, res)) return;
  handle(req, res);
});
server.listen(port, hostname, () => console.log(`▲ Evidence Packet ready on http://${hostname}:${port}`));

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
