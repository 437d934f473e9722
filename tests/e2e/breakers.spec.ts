import { expect, test } from "@playwright/test";

// Issue 9.2: each target's breaker and retry budget on Targets and Rehearse;
// an operator reset is recorded with its time; Rehearse says before it runs
// when an open breaker would decide a path.
test("an open breaker is shown on Rehearse before the run and on Targets, and a reset is recorded", async ({ page, request, baseURL }) => {
  const created = await request.post("/api/targets", {
    data: { name: "Overloaded gateway", role: "gateway", baseUrl: `${baseURL}/api/sandbox/v1`, model: "always-503", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "staging", retryCeiling: 2, backoffBaseMs: 1, backoffMaxMs: 2 },
  });
  const { id } = await created.json();
  // Two failing runs (3 attempts each) open the breaker (6 consecutive availability failures).
  for (let i = 0; i < 2; i++) await request.post("/api/runs?wait=true", { data: { targetId: id, path: "happy" } });
  const state = (await (await request.get("/api/breakers")).json()).items.find((b: { targetId: string }) => b.targetId === id);
  expect(state.breaker.state).toBe("open");

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/rehearse");
  await page.getByLabel("Target").selectOption({ label: "Overloaded gateway (gateway)" });
  const notice = page.getByTestId("breaker-notice");
  await expect(notice.getByTestId("breaker-state")).toContainText(/breaker open until \d\d:\d\d:\d\d UTC/);
  await expect(notice.getByRole("status")).toContainText("the happy path and the error path (missing_credential) would be recorded as stopped by the breaker");
  await expect(notice.getByTestId("retry-budget")).toContainText(/retries \d+ of \d+ used in the last 10 s/);
  await page.screenshot({ path: "test-results/screens/rehearse-breaker-1440.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screens/rehearse-breaker-390.png", fullPage: true });

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/targets");
  const row = page.locator('[data-testid="target-row"][data-target-name="Overloaded gateway"]');
  await expect(row.getByTestId("breaker-state")).toContainText(/open until \d\d:\d\d:\d\d UTC|half-open/);
  await page.screenshot({ path: "test-results/screens/targets-breaker-1440.png", fullPage: true });
  await row.getByRole("button", { name: "Reset the breaker of Overloaded gateway" }).click();
  await expect(row.getByTestId("breaker-state")).toContainText("breaker closed");
  const action = page.getByTestId("breaker-action-row").filter({ hasText: "Overloaded gateway" });
  await expect(action).toHaveCount(1);
  await expect(action).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  await expect(action).toContainText("reset");
  // Who reset it: the signed-in user (issue 11.5).
  await expect(action).toContainText("owner@e2e.local");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screens/targets-breaker-390.png", fullPage: true });
});
