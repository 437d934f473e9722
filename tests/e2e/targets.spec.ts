import { expect, test } from "@playwright/test";

test.describe("targets", () => {
  test("the two sandbox targets are there on first start", async ({ page }) => {
    await page.goto("/targets");
    await expect(page).toHaveTitle(/Targets · Evidence Packet/);
    await expect(page.locator(`[data-target-name="Sandbox primary"]`)).toHaveCount(1);
    await expect(page.locator(`[data-target-name="Sandbox fallback"]`)).toHaveCount(1);
    await expect(page.locator(`[data-target-name="Sandbox primary"]`)).toContainText("configured: yes");
  });

  test("create with a bad URL shows the message next to the field, then create, edit and delete", async ({ page }) => {
    await page.goto("/targets");
    await page.getByRole("button", { name: "Add target" }).first().click();
    const form = page.getByRole("form", { name: "Add a target" });
    await form.getByLabel("Name", { exact: true }).fill("CometAPI primary");
    await form.getByLabel("Base URL").fill("ftp://nope");
    await form.getByLabel("Model").fill("gpt-4o-mini");
    await form.getByLabel("Credential variable name").fill("COMETAPI_KEY");
    await form.getByRole("button", { name: "Add target" }).click();
    const baseUrl = form.getByLabel("Base URL");
    await expect(baseUrl).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByText("Enter an http:// or https:// URL")).toBeVisible();

    // A key pasted where the variable name belongs is refused, next to the field.
    await baseUrl.fill("https://api.cometapi.com/v1");
    await form.getByLabel("Credential variable name").fill("sk-AbCdEfGh0123456789IjKlMnOpQr");
    await form.getByRole("button", { name: "Add target" }).click();
    await expect(form.getByText(/looks like a credential value/)).toBeVisible();
    await form.getByLabel("Credential variable name").fill("COMETAPI_KEY");
    await form.getByLabel("Provider profile").selectOption("cometapi");
    await form.getByRole("button", { name: "Add target" }).click();

    const row = page.getByTestId("target-row").filter({ hasText: "CometAPI primary" });
    await expect(row).toBeVisible();
    await expect(row).toContainText("COMETAPI_KEY");
    await expect(row).toContainText("configured: no");
    await expect(row).toContainText("CometAPI");

    await row.getByRole("button", { name: "Edit CometAPI primary" }).click();
    const edit = page.getByRole("form", { name: "Edit CometAPI primary" });
    await edit.getByLabel("Timeout (ms)").fill("7000");
    await edit.getByLabel("Fallback target").selectOption({ label: "Sandbox fallback" });
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(row).toContainText("timeout 7000 ms");
    await expect(row).toContainText("Sandbox fallback");

    await page.reload();
    await expect(page.getByTestId("target-row").filter({ hasText: "CometAPI primary" })).toContainText("timeout 7000 ms");

    await page.getByRole("button", { name: "Delete CometAPI primary" }).click();
    await page.getByRole("button", { name: "Confirm delete CometAPI primary" }).click();
    await expect(page.getByTestId("target-row").filter({ hasText: "CometAPI primary" })).toHaveCount(0);
  });

  test("API bad input returns the error envelope, never a 500", async ({ request }) => {
    const empty = await request.post("/api/targets", { data: { name: "" } });
    expect(empty.status()).toBe(400);
    const body = await empty.json();
    expect(body.error.code).toBe("bad_request");
    expect(body.error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["name", "baseUrl"]));

    const notJson = await request.post("/api/targets", { data: "{not json", headers: { "content-type": "application/json" } });
    expect(notJson.status()).toBe(400);
    expect((await notJson.json()).error.code).toBe("bad_request");

    const missing = await request.get("/api/targets/does-not-exist");
    expect(missing.status()).toBe(404);
    expect((await missing.json()).error.code).toBe("not_found");

    const health = await request.get("/api/health");
    expect(await health.json()).toMatchObject({ status: "ok", db: "ok" });
  });
});
