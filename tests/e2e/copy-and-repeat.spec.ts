import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

// Issue 15 item 5, "Copy and repeat": copy buttons beside ids, Run again on a
// record, and the live view's attempt number and time left before the timeout.

type Run = { id: number; testId: string; targetId: string | null; path: string; errorScenario: string | null; replayStatus: number | null; record: { trace_id_placeholder: string; request_id: string | null; stream?: true } };

async function targetId(request: APIRequestContext, name: string) {
  const targets = (await (await request.get("/api/targets")).json()).items as { id: string; name: string }[];
  return targets.find((t) => t.name === name)!.id;
}

async function runNow(request: APIRequestContext, data: object): Promise<Run> {
  const res = await request.post("/api/runs?wait=true", { data });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test("copy buttons put the test id, trace id and request id on the clipboard, and say so", async ({ page, context, request, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  const run = await runNow(request, { targetId: await targetId(request, "Sandbox primary"), path: "happy" });
  expect(run.record.request_id).toBeTruthy();
  await page.goto(`/records/${run.id}`);
  const fields = page.getByRole("region", { name: "Record fields" });

  await fields.getByRole("button", { name: "Copy trace id" }).click();
  expect(await clipboard(page)).toBe(run.record.trace_id_placeholder);
  await expect(fields.getByRole("button", { name: "Copy trace id" })).toHaveText("Copied");
  // Announced politely: the live region next to the button says what was copied.
  await expect(fields.locator("[aria-live=polite]").filter({ hasText: "Trace id copied." })).toHaveCount(1);
  // The confirmation is short: the button says Copy again.
  await expect(fields.getByRole("button", { name: "Copy trace id" })).toHaveText("Copy", { timeout: 5_000 });

  await fields.getByRole("button", { name: "Copy request id" }).click();
  expect(await clipboard(page)).toBe(run.record.request_id);
  await fields.getByRole("button", { name: "Copy test id" }).click();
  expect(await clipboard(page)).toBe(run.testId);
  // Per attempt, in the correlation ids.
  await page.getByRole("button", { name: "Copy request id of attempt 1" }).click();
  expect(await clipboard(page)).toBe(run.record.request_id);

  // The records list: beside each test id.
  await page.goto("/records");
  await page.getByTestId("record-row").filter({ hasText: run.testId }).getByRole("button", { name: "Copy test id" }).click();
  expect(await clipboard(page)).toBe(run.testId);

  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/records/${run.id}`);
    await page.screenshot({ path: `test-results/screens/record-copy-${width}.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  }
});

test("copy works where the Clipboard API is missing (a plain-http LAN address is not a secure context)", async ({ page, request }) => {
  // Fails on the old button: it called navigator.clipboard.writeText only and said "Copy failed".
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined, configurable: true });
    const exec = Document.prototype.execCommand;
    Document.prototype.execCommand = function (command: string, ...rest: [boolean?, string?]) {
      if (command === "copy") (window as unknown as { copied: string }).copied = (document.activeElement as HTMLTextAreaElement | null)?.value ?? "";
      return exec.call(this, command, ...rest);
    };
  });
  const run = await runNow(request, { targetId: await targetId(request, "Sandbox primary"), path: "happy" });
  await page.goto(`/records/${run.id}`);
  const fields = page.getByRole("region", { name: "Record fields" });
  await fields.getByRole("button", { name: "Copy trace id" }).click();
  await expect(fields.getByRole("button", { name: "Copy trace id" })).toHaveText("Copied");
  expect(await page.evaluate(() => (window as unknown as { copied: string }).copied)).toBe(run.record.trace_id_placeholder);
  // Focus goes back to the button, not to the off-screen text.
  await expect(fields.getByRole("button", { name: "Copy trace id" })).toBeFocused();
  // This button's name is its text, which becomes "Copied": found by its place instead.
  const yaml = page.getByRole("region", { name: /Sanitized log record/ }).getByRole("button").first();
  await expect(yaml).toHaveText("Copy YAML");
  await yaml.click();
  await expect(yaml).toHaveText("Copied");
  expect(await page.evaluate(() => (window as unknown as { copied: string }).copied)).toContain(`trace_id_placeholder: "${run.record.trace_id_placeholder}"`);
});

test("Run again makes a new record with the same target, path and scenario, shows it live, then opens it", async ({ page, request }) => {
  const primary = await targetId(request, "Sandbox primary");
  const first = await runNow(request, { targetId: primary, path: "error", errorScenario: "replay_status", replayStatus: 429 });
  expect(first.replayStatus).toBe(429);
  await page.goto(`/records/${first.id}`);
  const again = page.getByRole("button", { name: "Run again" });
  await expect(page.getByTestId("run-again")).toContainText("error path · replay_status 429");
  await again.click();
  // While it runs (429 is retried with backoff), its progress is shown here.
  await expect(page.getByRole("region", { name: "Run again: new record" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/records/(?!${first.id}\\b)\\d+\\?again=${first.id}$`), { timeout: 30_000 });
  const origin = page.getByTestId("run-again-origin");
  await expect(origin).toContainText(`a new run of ${first.testId}`);
  await expect(origin).toBeFocused();
  const newId = Number(new URL(page.url()).pathname.split("/").pop());
  const second = (await (await request.get(`/api/runs/${newId}`)).json()) as Run;
  expect(second.id).toBeGreaterThan(first.id);
  expect({ targetId: second.targetId, path: second.path, errorScenario: second.errorScenario, replayStatus: second.replayStatus, stream: second.record.stream ?? false }).toEqual({
    targetId: primary,
    path: "error",
    errorScenario: "replay_status",
    replayStatus: 429,
    stream: false,
  });
  expect(second.record.trace_id_placeholder).not.toBe(first.record.trace_id_placeholder);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(second.testId);
});

test("Run again is disabled, with the reason, when the record's target was deleted", async ({ page, request, baseURL }) => {
  const created = await request.post("/api/targets", {
    data: { name: "Short-lived target", role: "gateway", baseUrl: `${baseURL}/api/sandbox/v1`, model: "ok", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "staging" },
  });
  expect(created.status()).toBe(201);
  const t = await created.json();
  const run = await runNow(request, { targetId: t.id, path: "happy" });
  expect((await request.delete(`/api/targets/${t.id}`)).status()).toBeLessThan(300);
  await page.goto(`/records/${run.id}`);
  const again = page.getByRole("button", { name: "Run again" });
  await expect(again).toBeDisabled();
  await expect(again).toHaveAccessibleDescription("Not available: the target of this record was deleted.");
});

test("the live view shows attempt N of at most ceiling+1 and the time left before the attempt's timeout", async ({ page, request, baseURL }) => {
  const slow = await request.post("/api/targets", {
    data: { name: "Slow fallback", role: "fallback", baseUrl: `${baseURL}/api/sandbox/v1`, model: "slow-5000", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "staging", timeoutMs: 20_000, retryCeiling: 1 },
  });
  expect(slow.status()).toBe(201);
  const slowTarget = await slow.json();
  const first = await request.post("/api/targets", {
    data: { name: "Slow primary", role: "gateway", baseUrl: `${baseURL}/api/sandbox/v1`, model: "slow-5000", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "staging", timeoutMs: 20_000, retryCeiling: 2 },
  });
  expect(first.status()).toBe(201);

  await page.goto("/rehearse");
  await page.getByLabel("Target").selectOption({ label: "Slow primary (gateway)" });
  await page.getByLabel("Happy path only").check();
  await page.getByRole("button", { name: "Run smoke test" }).click();
  const panel = page.getByTestId("panel-happy-path");
  await expect(panel.getByRole("status")).toContainText("Attempt 1 of at most 3 — waiting for the answer…");
  const clock = panel.getByTestId("attempt-clock");
  await expect(clock).toHaveText(/^\d+(\.\d)? s left before the 20 s timeout$/);
  const before = Number(await clock.getAttribute("data-ms-left"));
  await page.waitForTimeout(1_500);
  const after = Number(await clock.getAttribute("data-ms-left"));
  expect(before).toBeLessThanOrEqual(20_000);
  expect(after).toBeLessThan(before - 1_000);
  await expect(panel.getByText("pass", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(clock).toHaveCount(0);

  // The fallback leg counts its own attempts against its own ceiling.
  const gateway = await request.post("/api/targets", {
    data: { name: "Failing gateway", role: "gateway", baseUrl: `${baseURL}/api/sandbox/v1`, model: "always-503", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "staging", retryCeiling: 0, fallbackTargetId: slowTarget.id },
  });
  expect(gateway.status()).toBe(201);
  await page.goto("/rehearse");
  await page.getByLabel("Target").selectOption({ label: "Failing gateway (gateway)" });
  await page.getByLabel("Happy path only").check();
  await page.getByRole("button", { name: "Run smoke test" }).click();
  await expect(panel.getByRole("status")).toContainText("Fallback leg: attempt 1 of at most 2 — waiting for the answer…");
  await expect(panel.getByTestId("attempt-clock")).toHaveText(/s left before the 20 s timeout$/);
  await expect(panel).toContainText("fallback_used", { timeout: 30_000 });
});
