import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";
import { startProdServer, type ProdServer } from "../fixtures/prod-server";

// Issue 12 items 3 and 4 against the production server: no 500 for anything
// a client can send, and bodies capped while they stream.

let server: ProdServer;
test.beforeAll(async () => {
  server = await startProdServer({ dbFile: "tests/.tmp/boundary.db" });
});
test.afterAll(async () => {
  await server?.stop();
});

const json = (path: string, method: string, body: string) =>
  server.fetch(`${server.origin}${path}`, { method, headers: { "content-type": "application/json" }, body }).then(async (r) => ({ status: r.status, type: r.headers.get("content-type") ?? "", body: await r.text() }));

test("a lone surrogate is a 400 in the envelope on every create route and in run notes", async () => {
  const targets = (await (await server.fetch(`${server.origin}/api/targets`)).json()).items as { id: string }[];
  const packet = JSON.parse((await json("/api/packets", "POST", '{"title":"ok"}')).body) as { id: string; revision: number };
  const rehearsal = await json("/api/rehearsals?wait=true", "POST", JSON.stringify({ targetId: targets[0].id }));
  const rehearsalId = (JSON.parse(rehearsal.body) as { id: string }).id;
  const cases: [string, string, string][] = [
    ["/api/packets", "POST", '{"title":"a\\ud800b"}'],
    ["/api/targets", "POST", `{"name":"a\\ud800b","role":"primary","baseUrl":"http://127.0.0.1:9/v1","model":"ok","environmentLabel":"x"}`],
    ["/api/runs", "POST", `{"targetId":"${targets[0].id}","path":"happy","notes":"a\\ud800b"}`],
    ["/api/runs?wait=true", "POST", `{"targetId":"${targets[0].id}","path":"happy","notes":"\\udc00"}`],
    ["/api/rehearsals", "POST", `{"targetId":"${targets[0].id}\\ud800"}`],
    [`/api/packets/${packet.id}`, "PATCH", `{"revision":${packet.revision},"sections":{"summary":"x\\ud800"}}`],
    [`/api/targets/${targets[0].id}`, "PATCH", '{"model":"\\ud800"}'],
    [`/api/rehearsals/${rehearsalId}`, "PATCH", '{"decisionSafeIdentifier":"\\ud800"}'],
  ];
  for (const [path, method, body] of cases) {
    const res = await json(path, method, body);
    expect(res.status, `${method} ${path}: ${res.body}`).toBe(400);
    expect(res.type).toContain("application/json");
    const env = JSON.parse(res.body);
    expect(env.error.code).toBe("bad_request");
    expect(env.error.issues[0].message).toMatch(/malformed Unicode/);
  }
});

test("undecodable path segments answer the normal 404", async () => {
  const api = await server.fetch(`${server.origin}/api/packets/%ff`);
  expect(api.status).toBe(404);
  expect(await api.json()).toEqual({ error: { code: "not_found", message: "Packet not found." } });
  for (const p of ["/api/targets/%ff", "/api/runs/%ff", "/api/rehearsals/%e2%82", "/api/shared/%ff"]) {
    const res = await server.fetch(`${server.origin}${p}`);
    expect(res.status, p).toBeGreaterThanOrEqual(400);
    expect(res.status, p).toBeLessThan(500);
    expect((await res.json()).error.code).toMatch(/not_found|bad_request/);
  }
  // The reviewer page: byte-identical to any unknown token's 404.
  const bad = await server.fetch(`${server.origin}/p/%ff`);
  const unknown = await server.fetch(`${server.origin}/p/no-such-token`);
  expect(bad.status).toBe(404);
  expect(await bad.text()).toBe(await unknown.text());
  const page = await server.fetch(`${server.origin}/packets/%ff`);
  expect(page.status).toBe(404);
  expect(page.headers.get("content-type")).toContain("text/html");
});

test("405 answers use the envelope", async () => {
  for (const [method, path] of [["DELETE", "/api/runs"], ["PUT", "/api/packets"], ["POST", "/api/health"], ["PATCH", "/api/runs/export.csv"]]) {
    const res = await server.fetch(`${server.origin}${path}`, { method });
    expect(res.status, `${method} ${path}`).toBe(405);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toEqual({ error: { code: "method_not_allowed", message: `${method} is not allowed on this path.` } });
  }
});

test("a chunked body over the limit is refused with a 413 before the server has read it", async () => {
  const rssBefore = server.rssMiB();
  const total = 256 * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const result = await new Promise<{ status: number; body: string; writtenAtAnswer: number; written: number }>((resolve, reject) => {
    let written = 0;
    let writtenAtAnswer = -1;
    let status = 0;
    let body = "";
    const req = httpRequest(`${server.origin}/api/packets`, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked", cookie: server.cookie } }, (res) => {
      status = res.statusCode ?? 0;
      writtenAtAnswer = written;
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status, body, writtenAtAnswer, written }));
    });
    req.on("error", () => (status ? resolve({ status, body, writtenAtAnswer, written }) : reject(new Error(`no answer after ${written} bytes`))));
    req.write('{"title":"');
    const pump = () => {
      while (written < total && writtenAtAnswer < 0) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (writtenAtAnswer < 0) req.end('"}');
    };
    pump();
  });
  expect(result.status).toBe(413);
  expect(JSON.parse(result.body).error.code).toBe("payload_too_large");
  // Answered after about the limit, long before the 256 MiB were sent.
  expect(result.writtenAtAnswer).toBeLessThan(16 * 1024 * 1024);
  expect(result.written).toBeLessThan(total);
  expect(server.rssMiB() - rssBefore).toBeLessThan(100);
  // A declared length over the limit is refused without reading.
  const declared = await server.fetch(`${server.origin}/api/packets`, { method: "POST", headers: { "content-type": "application/json", "content-length": String(5 * 1024 * 1024) }, body: "x".repeat(5 * 1024 * 1024) }).catch(() => null);
  if (declared) expect(declared.status).toBe(413);
  // And the server still answers.
  expect((await server.fetch(`${server.origin}/api/health`)).status).toBe(200);
});
