import { expect, test, type Page } from "@playwright/test";
import { confirmReadyAndShare } from "../fixtures/e2e-packets";
import { seedNotifications } from "../fixtures/notify";

// Issue 15: no page of the dashboard (or the reviewer's page) scrolls
// sideways at a phone's 390 px or a laptop's 1280 px. Tables may scroll inside
// their own container; the page itself may not. Screenshots at 390, 1280 and
// 1920 px go to test-results/screenshots/fit-* for a person to look at.

const SHOTS = "test-results/screenshots";

async function overflow(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    // The widest element that sticks out past the viewport, to say what overflows.
    let culprit = "";
    let widest = root.clientWidth;
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const r = el.getBoundingClientRect();
      if (r.right > widest + 1) {
        widest = r.right;
        culprit = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${String(el.className).slice(0, 80)}`;
      }
    }
    // …and the outermost ancestor that is too wide: usually the real cause.
    let outer = "";
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      if (el.getBoundingClientRect().right > root.clientWidth + 1) {
        outer = `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 80)}`;
        break;
      }
    }
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprit: `${culprit} in ${outer}` };
  });
}

test("no page scrolls sideways at 390 or 1280 px", async ({ page, request, browser }) => {
  test.slow();
  const targets = (await (await request.get("/api/targets")).json()).items as { id: string; role: string }[];
  const primary = targets.find((t) => t.role === "primary")!;
  const rehearsal = await (await request.post("/api/rehearsals?wait=true", { data: { targetId: primary.id } })).json();
  const packet = await (await request.post("/api/packets", { data: { title: "Layout check: chat completions 401 on sandbox primary", rehearsalId: rehearsal.id } })).json();
  const { link } = await confirmReadyAndShare(request, packet.id);
  expect(link.path).toMatch(/^\/p\//);
  await seedNotifications(request);

  const pages: [string, string][] = [
    ["rehearse", "/rehearse"],
    ["rehearse-result", `/rehearse?rehearsal=${rehearsal.id}`],
    ["records", "/records"],
    ["record", `/records/${rehearsal.error.id}`],
    ["targets", "/targets"],
    ["packets", "/packets"],
    ["packet-editor", `/packets/${packet.id}`],
    ["history", "/history"],
    ["history-rehearsals", "/history/rehearsals"],
    ["history-rehearsal", `/history/rehearsals/${rehearsal.id}`],
    ["history-schedules", "/history/schedules"],
    ["account", "/account"],
    ["admin-users", "/admin/users"],
    ["admin-audit", "/admin/audit"],
    ["admin-notifications", "/admin/notifications"],
    ["not-found", "/records/no-such-record"],
  ];
  const shoot = process.env.FIT_SHOTS === "1";
  const widths = shoot ? [390, 1280, 1920] : [390, 1280];
  const problems: string[] = [];
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    for (const [name, path] of pages) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      const o = await overflow(page);
      if (o.scrollWidth > o.clientWidth) problems.push(`${path} at ${width}px: ${o.scrollWidth} > ${o.clientWidth} (${o.culprit})`);
      if (shoot) await page.screenshot({ path: `${SHOTS}/fit-${name}-${width}.png`, fullPage: true });
    }
    // The reviewer: no cookies, as a vendor opens the link.
    const reviewer = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: { width, height: 900 } });
    const rp = await reviewer.newPage();
    await rp.goto(link.path);
    const o = await overflow(rp);
    if (o.scrollWidth > o.clientWidth) problems.push(`reviewer page at ${width}px: ${o.scrollWidth} > ${o.clientWidth} (${o.culprit})`);
    if (shoot) await rp.screenshot({ path: `${SHOTS}/fit-reviewer-${width}.png`, fullPage: true });
    await reviewer.close();
  }
  expect(problems).toEqual([]);
});

test("the Records table shows result and fallback decision without sideways scrolling at 1280 px", async ({ page, request }) => {
  const targets = (await (await request.get("/api/targets")).json()).items as { id: string; role: string }[];
  const primary = targets.find((t) => t.role === "primary")!;
  await request.post("/api/rehearsals?wait=true", { data: { targetId: primary.id } });
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/records");
    const table = page.getByRole("table").first();
    await expect(table).toBeVisible();
    for (const name of ["Result", "Fallback decision"]) {
      const header = table.getByRole("columnheader", { name, exact: true });
      await expect(header).toBeVisible();
      // Inside the viewport, and not hidden behind the table container's own scroll.
      const box = (await header.boundingBox())!;
      expect(box.x + box.width, `${name} at ${width}px`).toBeLessThanOrEqual(width);
      const clipped = await header.evaluate((el) => {
        const r = el.getBoundingClientRect();
        for (let p = el.parentElement; p; p = p.parentElement) {
          const s = getComputedStyle(p);
          if (s.overflowX !== "visible") {
            const pr = p.getBoundingClientRect();
            if (r.right > pr.right + 1 || r.left < pr.left - 1) return true;
          }
        }
        return false;
      });
      expect(clipped, `${name} column clipped at ${width}px`).toBe(false);
    }
  }
});
