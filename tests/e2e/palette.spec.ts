import { expect, test } from "@playwright/test";

// Issue 15 "find anything in a second": Ctrl/⌘+K jumps to a record by trace
// id or provider request id, a packet by incident reference, a target by name.

test("the palette finds a record by trace id and by provider request id, a packet by incident reference, a target by name", async ({ page, request }) => {
  const targets = (await (await request.get("/api/targets")).json()).items as { id: string; name: string }[];
  const primary = targets.find((t) => t.name === "Sandbox primary")!;
  const rehearsal = await (await request.post("/api/rehearsals?wait=true", { data: { targetId: primary.id } })).json();
  const happy = rehearsal.happy as { id: number; record: { test_id: string; trace_id_placeholder: string; attempts: { requestId: string | null }[] } };
  const packet = await (await request.post("/api/packets", { data: { title: "Palette check packet", rehearsalId: rehearsal.id } })).json();
  const p = await (await request.get(`/api/packets/${packet.id}`)).json();
  expect((await request.patch(`/api/packets/${packet.id}`, { data: { revision: p.revision, incidentRef: "INC-PALETTE-77" } })).status()).toBe(200);

  await page.goto("/records");
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Jump to" });
  await expect(palette).toBeVisible();
  const box = palette.getByLabel("Id or words to find");
  await expect(box).toBeFocused();

  // A trace id from an alert: Enter opens the record.
  await box.fill(happy.record.trace_id_placeholder);
  await expect(palette.getByTestId("palette-hit")).toHaveCount(1);
  await expect(palette.getByTestId("palette-hit")).toContainText(happy.record.test_id);
  await page.screenshot({ path: "test-results/screenshots/palette-trace-id-1280.png" });
  await box.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/records/${happy.id}$`));
  await expect(palette).toBeHidden();

  // A provider request id seen on one attempt.
  const requestId = happy.record.attempts.find((a) => a.requestId)?.requestId;
  expect(requestId, "the sandbox returns a request id").toBeTruthy();
  await page.getByRole("button", { name: /^Find/ }).click();
  await box.fill(requestId!);
  await expect(palette.getByTestId("palette-hit").first()).toContainText(happy.record.test_id);

  // A packet by its incident reference, a target by part of its name.
  await box.fill("INC-PALETTE-77");
  await palette.getByTestId("palette-hit").filter({ hasText: "Palette check packet" }).click();
  await expect(page).toHaveURL(new RegExp(`/packets/${packet.id}$`));
  await page.keyboard.press("Control+k");
  await box.fill("fallback");
  await expect(palette.getByTestId("palette-hit").filter({ hasText: "Sandbox fallback" })).toHaveCount(1);
  await box.fill("no-such-thing-anywhere");
  await expect(palette).toContainText("Nothing matches");
  await page.keyboard.press("Escape");
  await expect(palette).toBeHidden();

  // The API: an empty query is a 400 with the usual envelope.
  const bad = await request.get("/api/search?q=");
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.code).toBe("bad_request");
});

test("the palette moves through results with ArrowDown/ArrowUp and opens the chosen one with Enter; the hint says Ctrl K here and ⌘K on a Mac", async ({ page, browser, request }) => {
  for (const title of ["Arrow keys packet one", "Arrow keys packet two", "Arrow keys packet three"]) {
    expect((await request.post("/api/packets", { data: { title } })).status()).toBe(201);
  }
  await page.goto("/records");
  await expect(page.getByTestId("palette-shortcut")).toHaveText("Ctrl K");
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Jump to" });
  const box = palette.getByRole("combobox", { name: "Id or words to find" });
  await expect(box).toBeFocused();
  await box.fill("Arrow keys packet");
  const hits = palette.getByRole("option");
  await expect(hits).toHaveCount(3);
  const count = 3;
  await expect(hits.nth(0)).toHaveAttribute("aria-selected", "true");
  await box.press("ArrowDown");
  await expect(hits.nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(hits.nth(0)).toHaveAttribute("aria-selected", "false");
  await expect(box).toHaveAttribute("aria-activedescendant", "palette-hit-1");
  await box.press("ArrowUp");
  await box.press("ArrowUp"); // wraps to the last result
  await expect(hits.nth(count - 1)).toHaveAttribute("aria-selected", "true");
  await box.press("ArrowDown"); // wraps to the first
  await box.press("ArrowDown");
  const href = (await hits.nth(1).getAttribute("data-href"))!;
  expect(href).toMatch(/^\/packets\//);
  expect(href).not.toBe(await hits.nth(0).getAttribute("data-href"));
  await box.press("Enter");
  await expect(palette).toBeHidden();
  await expect(page).toHaveURL((url) => `${url.pathname}${url.search}${url.hash}` === href);

  const mac = await browser.newContext({ storageState: "test-results/.auth/owner.json", userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36" });
  const macPage = await mac.newPage();
  await macPage.goto("/records");
  await expect(macPage.getByTestId("palette-shortcut")).toHaveText("⌘K");
  await macPage.keyboard.press("Meta+k");
  await expect(macPage.getByRole("dialog", { name: "Jump to" })).toBeVisible();
  await mac.close();
});
