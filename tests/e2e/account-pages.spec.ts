import { expect, test } from "@playwright/test";

// Issue 11.1/11.4 in the browser: the Account page lists this browser's
// session, makes a token that is shown once, and refuses a wrong current
// password; the account and admin pages fit 390 px without sideways scrolling.
test("account page: session list, a token shown once, a wrong current password refused", async ({ page }) => {
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
  await expect(page.getByText("this browser")).toBeVisible();
  await page.getByLabel("Name").fill("ui-made");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^ep_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole("cell", { name: /ui-made/ })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  // The token works for reading.
  const me = await page.request.get("/api/me", { headers: { authorization: `Bearer ${token}`, cookie: "" } });
  expect((await me.json()).via).toBe("token");

  await page.getByLabel("Current password").fill("not-the-password-123");
  await page.getByLabel("New password").fill("another-password-456");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: /password/i })).toBeVisible();
  await expect(page.getByText("Password changed")).toHaveCount(0);
});

test("account and admin pages fit 390 px without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 900 });
  for (const path of ["/account", "/admin/users", "/admin/audit"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `test-results/screens/${path.slice(1).replace("/", "-")}-390.png`, fullPage: true });
  }
});
