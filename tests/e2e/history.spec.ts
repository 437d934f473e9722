import { expect, test } from "@playwright/test";
import { cleanupHistory, e2eSql, seedHistory } from "../fixtures/history-seed";

// The team lead's Monday: filter the history, share the link, read the chart
// and its table, and review a rehearsal. Seeded through Prisma.

let gatewayId: string;
const sql = () => e2eSql();

test.beforeAll(() => {
  seedHistory();
  const db = sql();
  gatewayId = (db.prepare(`SELECT id FROM "Target" WHERE name = ?`).get("Gateway chat (staging)") as { id: string }).id;
  db.close();
});
test.afterAll(() => cleanupHistory());

test("the lead filters by target and result; the URL keeps it; chart table and CSV agree with the rows", async ({ page, request }) => {
  await page.goto("/history");
  await expect(page.getByRole("heading", { name: "History", level: 1 })).toBeVisible();
  await expect(page.getByTestId("health-card").filter({ hasText: "Gateway chat (staging)" })).toBeVisible();

  await page.getByRole("combobox", { name: "Target", exact: true }).selectOption({ label: "Gateway chat (staging) (staging)" });
  await expect(page).toHaveURL(new RegExp(`targetId=${gatewayId}`));
  await page.getByRole("combobox", { name: "Result", exact: true }).selectOption("fail");
  await expect(page).toHaveURL(/result=fail/);
  await expect(page).toHaveURL(new RegExp(`targetId=${gatewayId}`));

  const check = async () => {
    const rows = page.getByTestId("history-run-row");
    await expect(rows.first()).toBeVisible();
    const n = await rows.count();
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(50); // one page: every filtered record is on screen
    await expect(page.getByRole("link", { name: "Older records →" })).toHaveCount(0);
    for (const r of await rows.all()) {
      await expect(r).toHaveAttribute("data-result", "fail");
      await expect(r).toHaveAttribute("data-target-name", "Gateway chat (staging)");
    }
    // The database agrees with what is shown.
    const db = sql();
    const { c: expected } = db
      .prepare(`SELECT COUNT(*) AS c FROM "Run" WHERE "targetId" = ? AND "operatorResult" = 'fail'`)
      .get(gatewayId) as { c: number };
    db.close();
    expect(n).toBe(expected);

    // Chart → table view: the same numbers as the rows.
    const card = page.getByTestId("chart-pass-rate");
    await expect(card.getByRole("img", { name: /^Pass rate per day per target/ })).toHaveAttribute("aria-label", /Gateway chat \(staging\) 0 %/);
    await card.getByRole("button", { name: "Show table" }).click();
    const runsCells = card.getByTestId("table-pass-rate").locator('td[data-col="runs"]');
    const sum = (await runsCells.allTextContents()).reduce((a, t) => a + Number(t), 0);
    expect(sum).toBe(n);
    await card.getByRole("button", { name: "Show chart" }).click();

    const classes = page.getByTestId("chart-failure-classes");
    await classes.getByRole("button", { name: "Show table" }).click();
    const counts = await classes.getByTestId("table-failure-classes").locator("tbody tr td:last-child").allTextContents();
    expect(counts.reduce((a, t) => a + Number(t), 0)).toBe(n);
    await expect(page.getByTestId("history-totals")).toContainText(`${n} records`);
    return n;
  };

  const n = await check();
  await page.screenshot({ path: "test-results/history-filtered.png", fullPage: true });

  // A reload (or a shared link) gives the same view.
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Target", exact: true })).toHaveValue(gatewayId);
  await expect(page.getByRole("combobox", { name: "Result", exact: true })).toHaveValue("fail");
  expect(await check()).toBe(n);

  // The CSV of the same filters has the same records, under the guide's names.
  const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  expect(href).toContain(`targetId=${gatewayId}`);
  const csv = await request.get(href!);
  expect(csv.headers()["content-type"]).toMatch(/text\/csv/);
  const lines = (await csv.text()).trimEnd().split("\r\n");
  expect(lines[0].startsWith("test_id,checked_at,environment_label,endpoint_family,http_status_family,client_error_class,retry_attempts,fallback_decision,trace_id_placeholder,operator_result,notes")).toBe(true);
  // CSV has no default range; the seed is all within the last 20 days.
  expect(lines.length - 1).toBe(n);
});

test("a lead marks an unreviewed rehearsal reviewed with a comment", async ({ page }) => {
  await page.goto("/history/rehearsals");
  const tab = page.getByRole("link", { name: /^Unreviewed \(/ });
  await expect(tab).toHaveAttribute("aria-current", "page");
  const before = Number((await tab.textContent())!.replace(/\D/g, ""));
  expect(before).toBeGreaterThan(0);

  await page.getByRole("link", { name: /^Review rehearsal of/ }).first().click();
  await expect(page.getByRole("heading", { name: /^Rehearsal on / })).toBeVisible();
  await expect(page.getByTestId("record-happy")).toContainText("operator_result");
  await expect(page.getByTestId("record-error")).toContainText("client_error_class");
  await expect(page.getByRole("heading", { name: "The three decisions" })).toBeVisible();
  await expect(page.getByTestId("review-status")).toContainText("Not reviewed yet");

  await page.getByLabel("Review comment (optional)").fill("Decision 2 missing; follow up in Monday's sync.");
  await page.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(page.getByTestId("review-status")).toContainText("Reviewed");
  await expect(page.getByTestId("review-status")).toContainText("Decision 2 missing");
  await page.screenshot({ path: "test-results/history-review.png", fullPage: true });

  await page.getByRole("link", { name: "← Rehearsals" }).click();
  await expect(page.getByRole("link", { name: /^Unreviewed \(/ })).toHaveText(`Unreviewed (${before - 1})`);
});

test("schedules: a cron expression gets a human preview before it is saved", async ({ page }) => {
  await page.goto("/history/schedules");
  const card = page.getByTestId("schedule-card").filter({ hasText: "Primary chat (staging)" });
  const input = card.getByLabel("Cron expression (UTC)");
  await input.fill("0 9 * * 1-5");
  await expect(card).toContainText("Preview: At 09:00, Monday through Friday (UTC)");
  await input.fill("0 9 * *");
  await expect(card.getByRole("alert")).toContainText("five fields");
  await input.fill("0 9 * * 1-5");
  await card.getByLabel("Enabled").check();
  await card.getByRole("button", { name: "Save schedule" }).click();
  await expect(card.getByText("scheduled", { exact: true })).toBeVisible();
  await expect(card.getByRole("heading", { name: "Next slots" }).locator("..").getByRole("listitem")).toHaveCount(3);
  await page.screenshot({ path: "test-results/history-schedules.png", fullPage: true });
});

test("the lead records the three decisions on the rehearsal's review page (issue 15: it only said 'not recorded')", async ({ page, request }) => {
  const targets = (await (await request.get("/api/targets")).json()).items as { id: string; name: string }[];
  const primary = targets.find((t) => t.name === "Sandbox primary")!;
  const rehearsal = await (await request.post("/api/rehearsals?wait=true", { data: { targetId: primary.id, errorScenario: "missing_credential" } })).json();
  await page.goto(`/history/rehearsals/${rehearsal.id}`);
  const section = page.getByRole("region", { name: "The three decisions" });
  await expect(section).toContainText("0 of 3 recorded");
  const answers = ["The trace id, internally only.", "The account's quota page.", "After two 5xx retries on the primary."];
  const boxes = section.getByRole("textbox");
  await expect(boxes).toHaveCount(3);
  for (const [i, text] of answers.entries()) await boxes.nth(i).fill(text);
  await section.getByRole("button", { name: "Save decisions" }).click();
  await expect(section.getByText("Saved.")).toBeVisible();
  await expect(section).toContainText("3 of 3 recorded");
  await page.reload();
  for (const [i, text] of answers.entries()) await expect(section.getByRole("textbox").nth(i)).toHaveValue(text);
  const stored = await (await request.get(`/api/rehearsals/${rehearsal.id}`)).json();
  expect(stored.decisions).toEqual({ safeIdentifier: answers[0], accountFacts: answers[1], holdFallback: answers[2] });
});
