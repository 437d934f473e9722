import { expect, test } from "@playwright/test";

test("fresh start → Rehearse → sandbox target → a passing happy record and a passing missing_credential record", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/rehearse$/);
  await expect(page.getByRole("heading", { name: "Rehearse" })).toBeVisible();
  await page.getByLabel("Target").selectOption({ label: "Sandbox primary (primary)" });
  await page.getByLabel("Error scenario").selectOption("missing_credential");
  const run = page.getByRole("button", { name: "Run rehearsal" });
  await run.click();
  await expect(page).toHaveURL(/rehearsal=/);

  const happy = page.getByTestId("panel-happy-path");
  const error = page.getByTestId("panel-error-path");
  await expect(happy.getByText("pass", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(happy).toContainText("200 2xx");
  await expect(happy).toContainText("primary_retained");

  await expect(error.getByText("pass", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(error).toContainText("401 4xx");
  await expect(error).toContainText("AuthenticationError");
  await expect(error.getByTestId("retry-attempts")).toHaveText("0 of 2");
  await expect(error).toContainText("manual_hold");
  await expect(error.getByText(/^trace [0-9a-f]{32}$/)).toBeVisible();
  await expect(error.getByTestId("attempt-row")).toHaveCount(1);

  const happyId = (await happy.getByRole("link", { name: /Open record/ }).textContent())!.replace("Open record ", "").trim();
  const errorId = (await error.getByRole("link", { name: /Open record/ }).textContent())!.replace("Open record ", "").trim();

  // The three decisions are saved with the rehearsal.
  await page.getByLabel("Which trace or request identifier is safe to share internally?").fill("The trace id, internally only.");
  await page.getByRole("button", { name: "Save decisions" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Which trace or request identifier is safe to share internally?")).toHaveValue("The trace id, internally only.");

  // The error record page shows every field, the named checks and the YAML template.
  await page.getByTestId("panel-error-path").getByRole("link", { name: /Open record llm-api-escalation-smoke-/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/llm-api-escalation-smoke-\d{3}/);
  const yaml = page.getByTestId("record-yaml");
  await expect(yaml).toContainText('client_error_class: "AuthenticationError"');
  await expect(yaml).toContainText('fallback_decision: "manual_hold"');
  await expect(yaml).toContainText('operator_result: "pass"');
  await expect(page.getByTestId("checks").getByText("trace id recorded")).toBeVisible();
  await expect(page.getByRole("img", { name: /Attempt timeline/ })).toBeVisible();

  // Both records are in the list, newest first.
  await page.getByRole("link", { name: "Records" }).first().click();
  const rows = page.getByTestId("record-row");
  await expect(rows.filter({ hasText: happyId })).toHaveCount(1);
  await expect(rows.filter({ hasText: errorId })).toContainText("missing_credential");
  const order = await rows.allTextContents();
  expect(order.findIndex((t) => t.includes(errorId))).toBeLessThan(order.findIndex((t) => t.includes(happyId)));
});

test("a single smoke run shows attempts as they happen and never freezes the button", async ({ page, request, baseURL }) => {
  const targets = (await (await request.get("/api/targets")).json()).items as { id: string; name: string }[];
  const fallback = targets.find((t) => t.name === "Sandbox fallback")!;
  const created = await request.post("/api/targets", {
    data: {
      name: "Flaky gateway",
      role: "gateway",
      baseUrl: `${baseURL}/api/sandbox/v1`,
      model: "always-503",
      credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY",
      environmentLabel: "staging",
      // Two waits of at least 1.5 s each: long enough to see the progress state on a loaded machine.
      backoffBaseMs: 1500,
      backoffMaxMs: 2000,
      fallbackTargetId: fallback.id,
    },
  });
  expect(created.status()).toBe(201);
  await page.goto("/rehearse");
  await page.getByLabel("Target").selectOption({ label: "Flaky gateway (gateway)" });
  await page.getByLabel("Happy path only").check();
  await page.getByRole("button", { name: "Run smoke test" }).click();
  const panel = page.getByTestId("panel-happy-path");
  // Progress is visible while backoff waits happen.
  await expect(panel.getByRole("status")).toBeVisible();
  await expect(page.getByRole("button", { name: "Running…" })).toBeDisabled();
  await expect(panel.getByTestId("attempt-row")).toHaveCount(4, { timeout: 20_000 });
  await expect(panel).toContainText("fallback_used");
  await expect(panel).toContainText("primary returned 5xx (503) InternalServerError after 2 bounded retries; fallback passed the contract");
  await expect(page.getByRole("button", { name: "Run smoke test" })).toBeEnabled();
});

test("a streaming smoke run shows tokens arriving as a count and the first-token time, never the text", async ({ page, request, baseURL }) => {
  const created = await request.post("/api/targets", {
    data: {
      name: "Streaming gateway",
      role: "gateway",
      baseUrl: `${baseURL}/api/sandbox/v1`,
      model: "stream-chunks-40-every-60",
      credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY",
      environmentLabel: "staging",
    },
  });
  expect(created.status()).toBe(201);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/rehearse");
    await page.getByLabel("Target").selectOption({ label: "Streaming gateway (gateway)" });
    const stream = page.getByRole("checkbox", { name: /Stream/ });
    await expect(stream).not.toBeChecked();
    await stream.check();
    await page.getByLabel("Happy path only").check();
    await page.getByRole("button", { name: "Run smoke test" }).click();
    const panel = page.getByTestId("panel-happy-path");
    const live = panel.getByTestId("stream-live");
    await expect(live).toContainText(/Streaming: \d+ token chunks? received · first token after \d+ ms/, { timeout: 15_000 });
    await page.screenshot({ path: `test-results/screens/rehearse-streaming-live-${width}.png`, fullPage: true });
    await expect(panel.getByText("pass", { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(panel.getByTestId("stream-summary")).toContainText(/Stream: 42 chunks · ended done · first token after \d+ ms/);
    await page.screenshot({ path: `test-results/screens/rehearse-streaming-done-${width}.png`, fullPage: true });
    expect(await page.content()).not.toContain("sandbox-streamed-canary");
  }
  await page.getByTestId("panel-happy-path").getByRole("link", { name: /Open record/ }).click();
  await expect(page.getByTestId("record-yaml")).toContainText('stream_termination: "done"');
  await page.screenshot({ path: "test-results/screens/record-streaming-390.png", fullPage: true });
});

test("the Rehearse form keeps the target and scenario of the rehearsal it shows (issue 15)", async ({ page, request }) => {
  const targets = (await (await request.get("/api/targets")).json()).items as { id: string; name: string }[];
  const fallback = targets.find((t) => t.name === "Sandbox fallback")!;
  const started = await request.post("/api/rehearsals?wait=true", { data: { targetId: fallback.id, errorScenario: "invalid_model" } });
  expect(started.status()).toBe(200);
  const rehearsal = await started.json();
  await page.goto(`/rehearse?rehearsal=${rehearsal.id}`);
  await expect(page.getByTestId("panel-error-path")).toContainText("Open record");
  await expect(page.getByLabel("Error scenario")).toHaveValue("invalid_model");
  await expect(page.getByLabel("Target")).toHaveValue(fallback.id);
  await expect(page.getByLabel("Rehearsal (happy + error path)")).toBeChecked();
  // The operator may still change it; the shown rehearsal does not reset their choice.
  await page.getByLabel("Error scenario").selectOption("forced_timeout");
  await page.waitForTimeout(800);
  await expect(page.getByLabel("Error scenario")).toHaveValue("forced_timeout");
});
