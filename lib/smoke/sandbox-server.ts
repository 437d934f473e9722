import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleSandbox, RESET_HEADER } from "@/lib/smoke/sandbox";
import { refuseSandboxCaller } from "@/scripts/sandbox-access.mjs";

/**
 * The sandbox provider as its own HTTP server (npm run sandbox, tests,
 * benchmarks). Serves /v1/... and /api/sandbox/v1/...; GET /__stats reports
 * how many chat-completion requests each model received (the test oracle for
 * retry amplification); POST /__reset clears it.
 */
export function createSandboxServer(): Server {
  const stats = new Map<string, number>();
  return createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://sandbox.local");
    // NOTE: loopback callers only unless SANDBOX_PUBLIC=1, like the embedded one (decision 062).
    if (refuseSandboxCaller(req, res)) return;
    if (url.pathname === "/__stats") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(Object.fromEntries(stats)));
      return;
    }
    if (url.pathname === "/__reset") {
      stats.clear();
      res.writeHead(204).end();
      return;
    }
    const m = /^(?:\/api\/sandbox)?\/v1\/(.*)$/.exec(url.pathname);
    if (!m) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "Not found", type: "invalid_request_error", param: null, code: "unknown_url" } }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    if (req.method === "POST" && m[1] === "chat/completions") {
      let model = "(unparseable)";
      try {
        model = String((JSON.parse(body.toString("utf8")) as { model?: unknown }).model ?? "(none)");
      } catch {
        // counted under (unparseable)
      }
      stats.set(model, (stats.get(model) ?? 0) + 1);
    }
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(url, { method: req.method, headers, body: req.method === "GET" || req.method === "HEAD" ? undefined : body, signal: controller.signal });
    const response = await handleSandbox(request, m[1]);
    if (response.headers.get(RESET_HEADER)) {
      req.socket.resetAndDestroy();
      return;
    }
    if (res.destroyed) return;
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    // NOTE: headers go out at once and the body as it is produced, so a stream's
    // first byte and each chunk reach the client when a provider's would.
    res.flushHeaders();
    if (!response.body) return void res.end();
    try {
      for await (const part of response.body as unknown as AsyncIterable<Uint8Array>) {
        if (res.destroyed) break;
        res.write(part);
      }
    } catch {
      // The body failed mid-way (stream-reset-after-<n>) or the client went away: break the connection, as a provider's would.
      req.socket.destroy();
      return;
    }
    res.end();
  });
}

export async function startSandboxServer(port = 0, host = "127.0.0.1"): Promise<{ server: Server; origin: string; baseUrl: string; close: () => Promise<void> }> {
  const server = createSandboxServer();
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: actual } = server.address() as AddressInfo;
  const origin = `http://${host}:${actual}`;
  return {
    server,
    origin,
    baseUrl: `${origin}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
