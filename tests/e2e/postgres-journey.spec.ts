import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { OWNER, startProdServer, type ProdServer } from "../fixtures/prod-server";

// Issue 13: one journey on PostgreSQL, in a real browser, against the
// production server with DATABASE_URL=postgresql://… and nothing else
// changed: sign in → rehearse → packet → share → a browser with no account
// opens the link. The cluster is a throwaway one (scripts/pg-cluster.mjs).
let server: ProdServer;
let clusterDir = "";

test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  test.setTimeout(180_000);
  clusterDir = mkdtempSync(path.join(os.tmpdir(), "ep-pg-e2e-"));
  // NOTE: a child process: Playwright's loader cannot import the .mjs script.
  const admin = execFileSync(process.execPath, ["scripts/pg-cluster.mjs", "start", clusterDir]).toString().trim();
  execFileSync("psql", [admin, "-qc", "CREATE DATABASE evidence"]);
  server = await startProdServer({ dbFile: "tests/.tmp/unused-pg-journey.db", databaseUrl: admin.replace(/\/postgres$/, "/evidence") });
});
test.afterAll(async () => {
  await server?.stop();
  if (clusterDir) {
    execFileSync(process.execPath, ["scripts/pg-cluster.mjs", "stop", clusterDir]);
    rmSync(clusterDir, { recursive: true, force: true });
  }
});

test("on PostgreSQL: sign in → rehearse → packet → share → a browser with no account opens the link", async ({ browser }) => {
  test.setTimeout(120_000);
  const ctx = await browser.newContext({ baseURL: server.origin, storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/rehearse$/);

  await page.getByLabel("Target").selectOption({ label: "Sandbox primary (primary)" });
  await page.getByRole("button", { name: "Run rehearsal" }).click();
  await expect(page).toHaveURL(/rehearsal=/);
  await expect(page.getByTestId("panel-happy-path").getByText("pass", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("panel-error-path").getByText("pass", { exact: true })).toBeVisible({ timeout: 30_000 });
  const rehearsalId = new URL(page.url()).searchParams.get("rehearsal")!;

  // The packet, made ready and shared through the API as the signed-in browser (the editor's UI is packets.spec.ts).
  const call = async <T,>(method: string, p: string, data?: unknown) => {
    const res = await page.request.fetch(p, { method, data });
    expect(res.status(), `${method} ${p}: ${await res.text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  };
  type Packet = { id: string; revision: number; sections: { notVerified: { items: { confirmed: boolean }[] }; sourcesChecked: object[]; contractChecks: object[] } };
  const p = await call<Packet>("POST", "/api/packets", { title: "PostgreSQL journey packet", rehearsalId });
  const today = new Date().toISOString().slice(0, 10);
  await call("PATCH", `/api/packets/${p.id}`, {
    revision: p.revision,
    sections: {
      summaryConfirmed: true,
      notVerified: { ...p.sections.notVerified, items: p.sections.notVerified.items.map((i, n) => ({ ...i, confirmed: n === 0 })) },
      sourcesChecked: p.sections.sourcesChecked.map((x) => ({ ...x, confirmed: true, accessed: today })),
      contractChecks: p.sections.contractChecks.map((c) => ({ ...c, confirmed: true, accessed: today })),
    },
  });
  await call("POST", `/api/packets/${p.id}/status`, { status: "ready" });
  const link = await call<{ path: string; versionSha256?: string; version?: { sha256: string } }>("POST", `/api/packets/${p.id}/share`, { expiresInHours: 24 });

  await page.goto("/history");
  await expect(page.getByTestId("history-totals")).toContainText("2 records");
  await page.screenshot({ path: "test-results/screens/postgres-history.png", fullPage: true });

  const reviewer = await browser.newContext({ baseURL: server.origin, storageState: { cookies: [], origins: [] } });
  const rp = await reviewer.newPage();
  const res = await rp.goto(link.path);
  expect(res?.status()).toBe(200);
  await expect(rp.getByText("PostgreSQL journey packet")).toBeVisible();
  await reviewer.close();
  await ctx.close();
});
