import Database from "better-sqlite3";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startProdServer, type ProdServer } from "../fixtures/prod-server";

// Issue 15: our own error page (app/error.tsx) for a fault while a page
// renders, with a way back — forced the way it happens in production, with
// no test-only route: on a server of its own, the packets table goes missing
// under the running server (a broken database), the Packets page faults.

let server: ProdServer | undefined;
test.afterAll(async () => {
  await server?.stop();
});

test("a page that faults while rendering shows our error page, without the server's message, and a way back", async ({ browser }) => {
  test.setTimeout(90_000);
  server = await startProdServer({ dbFile: path.resolve("tests/.tmp/error-page.db") });
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await context.addCookies(
    server.cookie.split("; ").map((pair) => {
      const i = pair.indexOf("=");
      return { name: pair.slice(0, i), value: pair.slice(i + 1), url: server!.origin };
    }),
  );
  const page = await context.newPage();
  await page.goto(`${server.origin}/packets`);
  await expect(page.getByRole("heading", { name: "Packets", level: 1 })).toBeVisible();

  const sql = (statement: string) => {
    const db = new Database(server!.dbFile, { fileMustExist: true });
    try {
      db.exec(statement);
    } finally {
      db.close();
    }
  };
  sql(`ALTER TABLE "Packet" RENAME TO "Packet_away"`);
  try {
    const res = await page.goto(`${server.origin}/packets`);
    expect(res!.status()).toBe(500);
    const card = page.getByTestId("error-page");
    await expect(card).toBeVisible();
    await expect(page.getByRole("heading", { name: "This page could not be shown" })).toBeVisible();
    // The server's own words stay in the server log (decision 037).
    await expect(page.locator("body")).not.toContainText(/no such table|Packet_away|prisma/i);
    await page.screenshot({ path: "test-results/screenshots/error-page-1280.png" });
    // The way back: a page that does not need the broken table.
    await card.getByRole("link", { name: "Go to Records" }).click();
    await expect(page).toHaveURL(`${server.origin}/records`);
    await expect(page.getByRole("heading", { name: "Records", level: 1 })).toBeVisible();
  } finally {
    sql(`ALTER TABLE "Packet_away" RENAME TO "Packet"`);
  }
  // Fixed underneath: the same page renders again.
  await page.goto(`${server.origin}/packets`);
  await expect(page.getByRole("heading", { name: "Packets", level: 1 })).toBeVisible();
  await context.close();
});
