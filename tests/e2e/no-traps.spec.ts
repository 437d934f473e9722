import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { sharedPacket } from "../fixtures/e2e-packets";

// Issue 15 "no traps": destructive actions ask first (and Cancel keeps
// things), a packet and a schedule can be deleted from the UI, a schedule
// preset enables the schedule and a disabled one says "paused", our own 404
// pages, an app icon, and focus that follows Run and Create.

async function sharedPacketLink(request: APIRequestContext, title: string) {
  const { packet, link } = await sharedPacket(request, title);
  return { id: packet.id, linkPath: link.path };
}

test("revoking a reviewer link asks first; Cancel keeps the link working", async ({ page, request }) => {
  const { id, linkPath } = await sharedPacketLink(request, "No traps: revoke");
  await page.goto(`/packets/${id}`);
  const row = page.getByTestId("share-link-row").first();
  await expect(row).toHaveAttribute("data-state", "active");
  const revoke = row.getByRole("button", { name: /Revoke link/ });
  await revoke.click();
  const dialog = page.getByRole("dialog", { name: "Revoke this reviewer link?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("This link is not available");
  const axe = await new AxeBuilder({ page }).include('[data-testid="confirm-dialog"][open]').withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: "test-results/screenshots/confirm-revoke-dialog.png" });
  // The safe choice has focus; Cancel closes, focus returns, nothing changed.
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(revoke).toBeFocused();
  await expect(row).toHaveAttribute("data-state", "active");
  expect((await request.get(linkPath)).status()).toBe(200);
  // Escape cancels too.
  await revoke.click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect((await request.get(linkPath)).status()).toBe(200);
  // Confirmed, the link is revoked.
  await revoke.click();
  await dialog.getByRole("button", { name: "Revoke link" }).click();
  await expect(row).toHaveAttribute("data-state", "revoked");
  expect((await request.get(linkPath)).status()).toBe(404);
});

test("a packet can be deleted from its editor, after a confirmation", async ({ page, request }) => {
  const { id, linkPath } = await sharedPacketLink(request, "No traps: delete me");
  await page.goto(`/packets/${id}`);
  await page.getByRole("button", { name: "Delete packet" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete the packet “No traps: delete me”?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect((await request.get(`/api/packets/${id}`)).status()).toBe(200);

  await page.getByRole("button", { name: "Delete packet" }).click();
  await dialog.getByRole("button", { name: "Delete packet" }).click();
  await page.waitForURL(/\/packets$/);
  await expect(page.getByRole("link", { name: "No traps: delete me" })).toHaveCount(0);
  expect((await request.get(`/api/packets/${id}`)).status()).toBe(404);
  expect((await request.get(linkPath)).status()).toBe(404);
  // Its page now says what was not found, with a way back.
  await page.goto(`/packets/${id}`);
  await expect(page.getByRole("heading", { name: "Packet not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "All packets" })).toHaveAttribute("href", "/packets");
});

test("deleting a target asks first; Cancel keeps it", async ({ page, request }) => {
  const created = await request.post("/api/targets", {
    data: {
      name: "No traps target",
      role: "primary",
      endpointFamily: "chat-completions",
      baseUrl: (await (await request.get("/api/targets")).json()).items[0].baseUrl,
      model: "ok",
      credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY",
      environmentLabel: "sandbox",
    },
  });
  expect(created.status()).toBe(201);
  await page.goto("/targets");
  const row = page.getByTestId("target-row").filter({ hasText: "No traps target" });
  await row.getByRole("button", { name: "Delete No traps target" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete the target No traps target?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: "Delete No traps target" }).click();
  await dialog.getByRole("button", { name: "Confirm delete No traps target" }).click();
  await expect(row).toHaveCount(0);
});

test("schedules: a preset enables the schedule, a disabled one says paused, and it can be deleted", async ({ page }) => {
  await page.goto("/history/schedules");
  const card = page.getByTestId("schedule-card").filter({ hasText: "Sandbox fallback" });
  await expect(card.getByText("no schedule", { exact: true })).toBeVisible();
  await expect(card.getByLabel("Enabled")).not.toBeChecked();
  await card.getByRole("button", { name: "Weekdays 09:00" }).click();
  await expect(card.getByLabel("Cron expression (UTC)")).toHaveValue("0 9 * * 1-5");
  await expect(card.getByLabel("Enabled")).toBeChecked();
  await card.getByRole("button", { name: "Save schedule" }).click();
  await expect(card.getByText("scheduled", { exact: true })).toBeVisible();

  await card.getByLabel("Enabled").uncheck();
  await card.getByRole("button", { name: "Save schedule" }).click();
  await expect(card.getByText("paused", { exact: true })).toBeVisible();
  await expect(card.getByText("no schedule", { exact: true })).toHaveCount(0);
  await expect(card).toContainText("None: the schedule is paused.");

  await card.getByRole("button", { name: "Delete the schedule of Sandbox fallback" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete the schedule of Sandbox fallback?" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(card.getByText("paused", { exact: true })).toBeVisible();
  await card.getByRole("button", { name: "Delete the schedule of Sandbox fallback" }).click();
  await dialog.getByRole("button", { name: "Delete schedule" }).click();
  await expect(card.getByText("no schedule", { exact: true })).toBeVisible();
  await expect(card.getByLabel("Cron expression (UTC)")).toHaveValue("");
});

test("our own 404 pages say what was not found and offer a way back", async ({ page }) => {
  const res = await page.goto("/no-such-page");
  expect(res!.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "There is no page at this address" })).toBeVisible();
  await expect(page.getByText("This page could not be found")).toHaveCount(0);
  await page.getByRole("link", { name: "Go to Records" }).click();
  await expect(page).toHaveURL(/\/records$/);

  expect((await page.goto("/records/999999999"))!.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Record not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "All records" })).toBeVisible();
  // Inside the dashboard: the navigation is still there.
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();

  expect((await page.goto("/history/rehearsals/no-such-rehearsal"))!.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Rehearsal not found" })).toBeVisible();
});

test("the app has an icon and a favicon; no page logs a 404 for it", async ({ page, request }) => {
  const ico = await request.get("/favicon.ico");
  expect(ico.status()).toBe(200);
  expect((await ico.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  const svg = await request.get("/icon.svg");
  expect(svg.status()).toBe(200);
  expect(svg.headers()["content-type"]).toContain("image/svg+xml");

  const missing: string[] = [];
  page.on("response", (r) => {
    if (r.status() === 404) missing.push(r.url());
  });
  await page.goto("/records");
  await page.waitForLoadState("networkidle");
  await expect(page.locator('link[rel="icon"][href^="/favicon.ico"]')).toHaveCount(1);
  expect(missing).toEqual([]);
});

test("focus moves to the result after Run and to the new packet after Create", async ({ page }) => {
  await page.goto("/rehearse");
  await page.getByLabel("Target").selectOption({ label: "Sandbox primary (primary)" });
  await page.getByLabel("Happy path only").check();
  await page.getByRole("button", { name: "Run smoke test" }).click();
  await expect(page.getByRole("region", { name: "Smoke test result" })).toBeFocused();

  await page.getByLabel("Rehearsal (happy + error path)").check();
  await page.getByRole("button", { name: "Run rehearsal" }).click();
  await expect(page).toHaveURL(/rehearsal=/);
  await expect(page.getByRole("region", { name: "Rehearsal results" })).toBeFocused();

  await page.getByRole("link", { name: "Create packet from this rehearsal" }).click({ timeout: 30_000 });
  const form = page.getByRole("form", { name: "New escalation packet" });
  await form.getByLabel("Title").fill("No traps: focus after create");
  await form.getByRole("button", { name: "Create packet" }).click();
  await page.waitForURL(/\/packets\/[^/?]+$/);
  await expect(page.getByLabel("Packet title")).toBeFocused();
  await expect(page.getByLabel("Packet title")).toHaveValue("No traps: focus after create");
  // Only right after Create: opening the packet again leaves focus alone.
  await page.reload();
  await expect(page.getByLabel("Packet title")).not.toBeFocused();
});
