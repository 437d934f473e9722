import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { probeRequestBody, SAFE_PROMPT_TEXT } from "../../lib/smoke/http-attempt";

const CANARY = "sk-e2e-canary-7Hq2Lm9Xv4Rt8Wz1";
const alnum = (v: string) => v.replace(/[^A-Za-z0-9]/g, "").toLowerCase();

test("a canary credential echoed back by the provider never reaches a page or an API response", async ({ page, request, baseURL }) => {
  const created = await request.post("/api/targets", {
    data: {
      name: "Echoing provider",
      role: "primary",
      baseUrl: `${baseURL}/api/sandbox/v1`,
      model: "echo-auth",
      credentialEnvVar: "E2E_CANARY_KEY",
      environmentLabel: "staging",
    },
  });
  expect(created.status()).toBe(201);
  const target = await created.json();
  expect(target.credentialConfigured).toBe(true);

  const run = await request.post("/api/runs?wait=true", { data: { targetId: target.id, path: "happy" } });
  const body = await run.text();
  expect(body).not.toContain(CANARY);
  const json = JSON.parse(body);
  expect(json.record.http_status_code).toBe(400);
  expect(json.record.sanitized_error_summary).toContain("<API_KEY_PLACEHOLDER>");

  for (const path of [`/api/runs/${json.id}/record.yaml`, `/api/runs/${json.id}`, "/api/runs", "/api/targets"]) {
    const res = await request.get(path);
    expect(res.status()).toBe(200);
    expect(await res.text()).not.toContain(CANARY);
  }
  for (const path of [`/records/${json.id}`, "/records", "/targets", "/rehearse"]) {
    const res = await page.goto(path);
    expect(res?.status()).toBe(200);
    expect(await res!.text()).not.toContain(CANARY);
    expect(await page.content()).not.toContain(CANARY);
  }
  await page.goto(`/records/${json.id}`);
  await expect(page.getByText("<API_KEY_PLACEHOLDER>").first()).toBeVisible();
});

test("a provider that echoes the request or smuggles the credential leaves no credential, prompt or request body in any page, API response, export or the database", async ({ page, request, baseURL }) => {
  const models = ["echo-request", "smuggle-credential", "smuggle-credential-200"];
  const runs: { id: number; record: Record<string, unknown> }[] = [];
  const bodies: string[] = [];
  for (const model of models) {
    const created = await request.post("/api/targets", {
      data: { name: `Hostile provider ${model}`, role: "primary", baseUrl: `${baseURL}/api/sandbox/v1`, model, credentialEnvVar: "E2E_CANARY_KEY", environmentLabel: "staging" },
    });
    expect(created.status()).toBe(201);
    const target = await created.json();
    bodies.push(probeRequestBody(model, "max_tokens", target.maxTokens));
    const res = await request.post("/api/runs?wait=true", { data: { targetId: target.id, path: "happy" } });
    expect(res.status()).toBe(200);
    runs.push(await res.json());
  }
  const [echo, smuggled, smuggled200] = runs;
  expect(echo.record.sanitized_error_summary).toMatch(/^400 proxy_error\/upstream_rejected: .*\[request echo removed\]$/);
  expect(smuggled.record.request_id).toBeNull();
  expect(smuggled200.record.request_id).toBeNull();

  const packet = await (await request.post("/api/packets", { data: { title: "Hostile provider canaries", runIds: runs.map((r) => r.id) } })).json();
  const texts: [string, string][] = [];
  const apiPaths = [
    ...runs.flatMap((r) => [`/api/runs/${r.id}`, `/api/runs/${r.id}/record.yaml`]),
    "/api/runs?limit=200",
    "/api/runs/export.csv",
    `/api/packets/${packet.id}`,
    `/api/packets/${packet.id}/export?format=md`,
    `/api/packets/${packet.id}/export?format=json`,
    `/api/packets/${packet.id}/preview`,
  ];
  for (const p of apiPaths) {
    const res = await request.get(p);
    expect(res.status(), p).toBe(200);
    texts.push([p, await res.text()]);
  }
  for (const p of [...runs.map((r) => `/records/${r.id}`), "/records", `/packets/${packet.id}`, "/history"]) {
    const res = await page.goto(p);
    expect(res?.status(), p).toBe(200);
    texts.push([p, await res!.text()]);
    texts.push([`${p} (DOM)`, await page.content()]);
  }
  await page.goto(`/records/${echo.id}`);
  await expect(page.getByText("[request echo removed]").first()).toBeVisible();

  // The server's database file and its WAL, as the e2e server laid them out.
  const db = path.resolve("tests/.tmp/e2e.db");
  for (const f of [db, `${db}-wal`]) if (existsSync(f)) texts.push([f, readFileSync(f).toString("latin1")]);
  expect(texts.some(([f]) => f === db)).toBe(true);

  for (const [where, text] of texts) {
    for (const c of [CANARY, SAFE_PROMPT_TEXT, '"messages":[', ...bodies]) expect(text.includes(c), `${where} contains ${c.slice(0, 40)}`).toBe(false);
    expect(alnum(text).includes(alnum(CANARY)), `${where} contains the credential with punctuation inserted`).toBe(false);
  }
});
