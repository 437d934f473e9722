import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { confirmReadyAndShare } from "../fixtures/e2e-packets";
import { seedNotifications } from "../fixtures/notify";

// Every page of the three journeys, checked with axe against WCAG 2.1 A/AA
// (labels, names, contrast, landmarks) in the state a user first sees it.
async function audit(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  expect.soft(summary, `${path}`).toEqual([]);
}

test("dashboard and reviewer pages have no WCAG 2.1 AA violations", async ({ page, request }) => {
  // NOTE: one axe pass per page over every page; on a loaded 2-core machine
  // this alone took over the default 60 s.
  test.slow();
  const targets = (await (await request.get("/api/targets")).json()).items as { id: string; role: string }[];
  const primary = targets.find((t) => t.role === "primary")!;
  const rehearsal = await (await request.post("/api/rehearsals?wait=true", { data: { targetId: primary.id } })).json();
  const packet = await (await request.post("/api/packets", { data: { title: "Accessibility check", rehearsalId: rehearsal.id } })).json();
  await seedNotifications(request);

  for (const path of [
    "/rehearse",
    `/rehearse?rehearsal=${rehearsal.id}`,
    "/records",
    `/records/${rehearsal.error.id}`,
    "/targets",
    "/packets",
    `/packets/${packet.id}`,
    "/history",
    "/history/rehearsals",
    `/history/rehearsals/${rehearsal.id}`,
    "/history/schedules",
    "/admin/notifications",
  ]) {
    await audit(page, path);
  }

  // The target form, open.
  await page.goto("/targets");
  await page.getByRole("button", { name: "Add target" }).first().click();
  await expect(page.getByRole("form", { name: "Add a target" })).toBeVisible();
  const form = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  expect(form.violations.map((v) => v.id)).toEqual([]);

  // The channel and rule forms, open.
  await page.goto("/admin/notifications");
  await page.getByRole("button", { name: "Add channel" }).click();
  await page.getByRole("button", { name: "Add rule" }).click();
  await expect(page.getByRole("form", { name: "Add a channel" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Add a rule" })).toBeVisible();
  const notifyForms = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  expect(notifyForms.violations.map((v) => v.id)).toEqual([]);

  // The reviewer's page, once the operator has confirmed what the packet says (decision 040).
  const { link } = await confirmReadyAndShare(request, packet.id);
  await audit(page, link.path);
});

test("the dashboard in dark mode keeps AA contrast", async ({ page, request }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  const targets = (await (await request.get("/api/targets")).json()).items as { id: string; role: string }[];
  const primary = targets.find((t) => t.role === "primary")!;
  const rehearsal = await (await request.post("/api/rehearsals?wait=true", { data: { targetId: primary.id } })).json();
  await seedNotifications(request);
  for (const path of ["/targets", `/rehearse?rehearsal=${rehearsal.id}`, "/records", `/records/${rehearsal.happy.id}`, "/packets", "/history", "/history/rehearsals", "/admin/notifications"]) {
    await audit(page, path);
  }
  // The reviewer's page follows prefers-color-scheme too (issue 15).
  const packet = await (await request.post("/api/packets", { data: { title: "Dark reviewer check", rehearsalId: rehearsal.id } })).json();
  const { link } = await confirmReadyAndShare(request, packet.id);
  await audit(page, link.path);
  await audit(page, "/no-such-page");
});
