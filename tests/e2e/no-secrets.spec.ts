import { expect, test } from "@playwright/test";

const CANARY = "sk-e2e-canary-7Hq2Lm9Xv4Rt8Wz1";

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
