import Database from "better-sqlite3";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

// Issue 15 items 6 and 7 in a real browser: charts that work with one or two
// days of data and draw on load; words a person at 3 a.m. can read.

const DAY_MS = 86_400_000;
const mmdd = (d: Date) => d.toISOString().slice(5, 10);

/** A fresh target and a rehearsal on it (happy + error run, today). */
async function rehearsalOnNewTarget(request: APIRequestContext, baseURL: string, name: string) {
  const created = await request.post("/api/targets", {
    data: { name, role: "primary", baseUrl: `${baseURL}/api/sandbox/v1`, model: "ok", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "staging" },
  });
  expect(created.status()).toBe(201);
  const target = (await created.json()) as { id: string };
  const rehearsal = await (await request.post("/api/rehearsals?wait=true", { data: { targetId: target.id } })).json();
  return { target, rehearsal: rehearsal as { id: string; happy: { id: number }; error: { id: number } } };
}

/** Moves a run one day back, through SQL (the aggregate triggers follow, as for any update). */
function moveRunOneDayBack(runId: number) {
  const db = new Database(path.resolve("tests/.tmp/e2e.db"), { fileMustExist: true });
  try {
    const row = db.prepare(`SELECT "checkedAt" AS c FROM "Run" WHERE id = ?`).get(runId) as { c: number | string };
    const moved = typeof row.c === "number" ? row.c - DAY_MS : new Date(Date.parse(String(row.c)) - DAY_MS).toISOString();
    db.prepare(`UPDATE "Run" SET "checkedAt" = ? WHERE id = ?`).run(moved, runId);
  } finally {
    db.close();
  }
}

async function chart(page: Page, testId: string) {
  const el = page.getByTestId(testId).locator(".history-chart");
  await expect(el).toHaveAttribute("data-drawn", "true");
  return {
    firstAt: Number(await el.getAttribute("data-first-day-at")),
    lastAt: Number(await el.getAttribute("data-last-day-at")),
    labels: (await el.getAttribute("data-day-labels"))!.split(" "),
    canvas: await el.locator("canvas").first().evaluate((c: HTMLCanvasElement) => ({ w: c.width, h: c.height })),
  };
}

test("History with two days of data: the points spread across the chart, the last day is labelled, every chart draws without scrolling", async ({ page, request, baseURL }) => {
  const { target, rehearsal } = await rehearsalOnNewTarget(request, baseURL!, "Words two-day target");
  moveRunOneDayBack(rehearsal.happy.id);
  const today = new Date();
  const yesterday = new Date(today.getTime() - DAY_MS);

  await page.setViewportSize({ width: 1280, height: 700 });
  await page.goto(`/history?targetId=${target.id}`);
  // The retries chart starts below the fold; nobody scrolls.
  const retries = page.getByTestId("chart-retries");
  expect((await retries.boundingBox())!.y).toBeGreaterThan(700);
  // Both records passed: the failure-class card says there is nothing to draw; the other two draw.
  await expect(page.getByTestId("chart-failure-classes")).toContainText("nothing to draw");
  for (const id of ["chart-pass-rate", "chart-retries"]) {
    const c = await chart(page, id);
    expect(c.canvas.w, id).toBeGreaterThan(0);
    expect(c.canvas.h, id).toBeGreaterThan(0);
  }
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  const pr = await chart(page, "chart-pass-rate");
  // Two days: a quarter and three quarters across, not pressed against the right edge.
  expect(pr.firstAt).toBeGreaterThan(0.15);
  expect(pr.lastAt).toBeLessThan(0.85);
  expect(pr.lastAt - pr.firstAt).toBeGreaterThan(0.35);
  expect(pr.labels).toContain(mmdd(today));
  expect(pr.labels).toContain(mmdd(yesterday));

  // One day (today only): in the middle, labelled.
  await page.goto(`/history?targetId=${target.id}&from=${today.toISOString().slice(0, 10)}`);
  const one = await chart(page, "chart-pass-rate");
  expect(one.firstAt).toBeGreaterThan(0.35);
  expect(one.firstAt).toBeLessThan(0.65);
  expect(one.labels).toEqual([mmdd(today)]);
  await page.screenshot({ path: "test-results/screenshots/words-history-one-day-1280.png", fullPage: true });
});

test("the fallback target's card counts the fallback legs it served", async ({ page, request, baseURL }) => {
  const targets = (await (await request.get("/api/targets")).json()).items as { id: string; name: string; role: string }[];
  const fallback = await request.post("/api/targets", {
    data: { name: "Words fallback", role: "fallback", baseUrl: `${baseURL}/api/sandbox/v1`, model: "ok", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "staging" },
  });
  expect(fallback.status()).toBe(201);
  const fallbackId = ((await fallback.json()) as { id: string }).id;
  expect(targets.length).toBeGreaterThan(0);
  const flaky = await request.post("/api/targets", {
    data: { name: "Words flaky primary", role: "primary", baseUrl: `${baseURL}/api/sandbox/v1`, model: "always-503", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "staging", backoffBaseMs: 10, backoffMaxMs: 20, fallbackTargetId: fallbackId },
  });
  expect(flaky.status()).toBe(201);
  const flakyId = ((await flaky.json()) as { id: string }).id;
  for (let i = 0; i < 3; i++) {
    const run = await (await request.post("/api/runs?wait=true", { data: { targetId: flakyId, path: "happy" } })).json();
    expect(run.record.fallback_decision).toBe("fallback_used");
  }
  await page.goto("/history");
  const card = page.locator('[data-testid="health-card"][data-target-name="Words fallback"]');
  await expect(card.getByTestId("health-fallback-legs")).toContainText("3");
  await expect(card).toContainText("fallback legs");
  await expect(card).not.toContainText("no data");
});

test("words: a Result filter, an error-path pass that explains itself, a YAML block that wraps at 390 px, the summary once", async ({ page, request, baseURL }) => {
  const { rehearsal } = await rehearsalOnNewTarget(request, baseURL!, "Words record target");
  await page.goto("/history");
  await expect(page.getByRole("combobox", { name: "Result", exact: true })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "operator_result" })).toHaveCount(0);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/records/${rehearsal.error.id}`);
  // The error path's 401, recorded as expected: a pass that says why.
  await expect(page.getByTestId("result-expected").first()).toContainText("expected behaviour recorded");
  const yaml = page.getByTestId("record-yaml");
  await expect(yaml).toContainText('operator_result: "pass"');
  const fit = await yaml.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(fit.scroll).toBeLessThanOrEqual(fit.client + 1);

  await page.setViewportSize({ width: 1280, height: 900 });
  const packet = await (await request.post("/api/packets", { data: { title: "Words: the summary once", rehearsalId: rehearsal.id } })).json();
  await page.goto(`/packets/${packet.id}`);
  const summary = page.getByLabel("Summary", { exact: true });
  const text = await summary.inputValue();
  expect(text.length).toBeGreaterThan(40);
  await expect(page.getByTestId("draft-summary")).toHaveCount(0);
  const visible = await page.locator("main").innerText();
  expect(visible).not.toContain(text.slice(0, 60));
  // The drafted timeline reads as words.
  await expect(page.getByTestId("sec-timeline")).not.toContainText("none status family");
});

test("every page opens with one line of purpose; the guide's text is one click away", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const pages = ["/history", "/history/rehearsals", "/history/schedules", "/records", "/rehearse", "/targets", "/packets", "/admin/users", "/admin/audit"];
  for (const p of pages) {
    await page.goto(p);
    const purpose = page.getByTestId("page-purpose");
    await expect(purpose, p).toBeVisible();
    const box = await purpose.evaluate((el) => ({ height: el.getBoundingClientRect().height, line: parseFloat(getComputedStyle(el).lineHeight), text: el.textContent ?? "" }));
    expect(box.height, `${p}: "${box.text}" is one line`).toBeLessThan(box.line * 1.5);
    expect(box.text.length, p).toBeLessThanOrEqual(90);
    const guide = page.getByTestId("page-guide");
    await expect(guide, p).toBeVisible();
    await guide.getByText("About this page").click();
    await expect(guide.locator("div"), p).toBeVisible();
    expect((await guide.locator("div").innerText()).length, p).toBeGreaterThan(40);
  }
});
