import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { sharedPacket } from "../fixtures/e2e-packets";

// Issue 15: the reviewer's page answers the reviewer's questions on its first
// screen, never breaks a word, follows the colour scheme, becomes stacked
// cards on a phone, and a two-record packet prints on at most two A4 pages.

const SHOTS = "test-results/screenshots";

async function twoRecordLink(request: APIRequestContext) {
  const { rehearsal, packet, link } = await sharedPacket(request, "Chat completions 401 on sandbox primary", {
    errorScenario: "missing_credential",
    fields: { incidentRef: "INC-4821", audience: "Platform team and vendor support" },
  });
  expect(packet.records).toHaveLength(2);
  const notVerified = (packet.sections.notVerified.items as { label: string; sourceAttached: boolean }[]).filter((i) => !i.sourceAttached).map((i) => i.label);
  return { path: link.path, rehearsal, notVerified };
}

async function inFirstScreen(page: Page, testId: string) {
  const box = (await page.getByTestId(testId).boundingBox())!;
  const h = page.viewportSize()!.height;
  expect(box.y + box.height, `${testId} ends inside the first screen`).toBeLessThanOrEqual(h);
}

test("the first screen answers the reviewer's questions; nothing breaks mid-word; stacked on a phone; dark follows the system", async ({ browser, request }) => {
  const { path, rehearsal, notVerified } = await twoRecordLink(request);
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: { width: 1280, height: 800 } });
  const rp = await ctx.newPage();
  expect((await rp.goto(path))!.status()).toBe(200);
  const glance = rp.getByRole("region", { name: "At a glance" });
  await expect(glance).toBeVisible();
  await expect(rp.getByTestId("verdict-boundary")).toContainText("chat-completions");
  await expect(rp.getByTestId("verdict-boundary")).toContainText("4xx (401)");
  await expect(rp.getByTestId("verdict-boundary")).toContainText(rehearsal.error.record.client_error_class);
  await expect(rp.getByTestId("verdict-status")).toContainText("2xx (200)");
  await expect(rp.getByTestId("verdict-status")).toContainText("4xx (401)");
  await expect(rp.getByTestId("verdict-retries")).toContainText(`${rehearsal.error.record.retry_attempts} of at most ${rehearsal.error.record.retry_ceiling}`);
  await expect(rp.getByTestId("verdict-fallback")).toContainText("primary_retained");
  await expect(rp.getByTestId("verdict-fallback")).toContainText("manual_hold");
  for (const label of notVerified) await expect(rp.getByTestId("verdict-not-verified")).toContainText(label);
  for (const id of ["verdict-boundary", "verdict-status", "verdict-retries", "verdict-fallback"]) await inFirstScreen(rp, id);
  await expect(rp.getByText("Readiness: nothing blocking")).toHaveCount(0);
  await rp.screenshot({ path: `${SHOTS}/reviewer-first-screen-1280.png` });
  await rp.setViewportSize({ width: 1920, height: 1080 });
  await rp.screenshot({ path: `${SHOTS}/reviewer-first-screen-1920.png` });

  // No word breaks mid-word: nothing uses break-all, prose and table cells wrap only between words.
  const styles = await rp.evaluate(() => {
    const all = Array.from(document.querySelectorAll("body *"));
    return {
      breakAll: all.filter((el) => getComputedStyle(el).wordBreak === "break-all").length,
      anywhereProse: all.filter((el) => el.matches("p, li, td, th, dd, dt, h1, h2, h3, span.prose") && getComputedStyle(el).overflowWrap === "anywhere").length,
    };
  });
  expect(styles).toEqual({ breakAll: 0, anywhereProse: 0 });
  // The guide's terms (status family, error class, fallback decision) are words, not ids: each stays on one
  // line at every width (seen before: "primary_retai|ned" and "Authentication|Error" in the records table).
  const brokenTerms = () =>
    rp.evaluate(() => {
      const terms = Array.from(document.querySelectorAll("code.term"));
      return { count: terms.length, broken: terms.filter((el) => el.getClientRects().length !== 1).map((el) => el.textContent) };
    });
  for (const width of [1920, 1280, 390]) {
    await rp.setViewportSize({ width, height: 900 });
    const { count, broken } = await brokenTerms();
    expect(count, "terms on the page").toBeGreaterThanOrEqual(6);
    expect(broken, `terms broken across lines at ${width} px`).toEqual([]);
  }
  await rp.setViewportSize({ width: 1280, height: 800 });

  // A phone: tables are stacked cards, the page does not scroll sideways, and table headers' words stay whole.
  await rp.setViewportSize({ width: 390, height: 844 });
  const td = rp.locator("table.stack td").first();
  expect(await td.evaluate((el) => getComputedStyle(el).display)).toBe("grid");
  expect(await td.evaluate((el) => getComputedStyle(el, "::before").content)).not.toBe("none");
  expect(await rp.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  await rp.screenshot({ path: `${SHOTS}/reviewer-390.png`, fullPage: true });

  // Dark: the page follows prefers-color-scheme.
  const bg = () => rp.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await rp.emulateMedia({ colorScheme: "light" });
  expect(await bg()).toBe("rgb(248, 250, 252)");
  await rp.emulateMedia({ colorScheme: "dark" });
  expect(await bg()).toBe("rgb(2, 6, 23)");
  await rp.setViewportSize({ width: 1280, height: 800 });
  await rp.screenshot({ path: `${SHOTS}/reviewer-dark-1280.png` });
  await ctx.close();
});

test("a two-record packet prints on at most two A4 pages, URLs once", async ({ browser, request }) => {
  const { path } = await twoRecordLink(request);
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const rp = await ctx.newPage();
  await rp.goto(path);
  await rp.emulateMedia({ media: "print" });
  // URLs printed once: no generated content repeats a link's address.
  const after = await rp.evaluate(() => Array.from(document.querySelectorAll("a[href]")).filter((a) => getComputedStyle(a, "::after").content !== "none").length);
  expect(after).toBe(0);
  const pdf = await rp.pdf({ path: `${SHOTS}/reviewer-two-records.pdf`, format: "A4", printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  // Page objects: "/Type /Page" not followed by "s" (that is the page tree).
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  expect(pages).toBeGreaterThan(0);
  expect(pages, "printed pages").toBeLessThanOrEqual(2);
  await ctx.close();
});
