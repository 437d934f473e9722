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
