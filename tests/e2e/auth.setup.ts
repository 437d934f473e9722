import { expect, test as setup } from "@playwright/test";
import { OWNER_STATE } from "../../playwright.config";
import { OWNER } from "../fixtures/prod-server";

// The journeys run as the owner: sign in through the real page once, keep the session.
setup("sign in as the owner", async ({ page }) => {
  await page.goto("/rehearse");
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/rehearse$/);
  await page.context().storageState({ path: OWNER_STATE });
});
