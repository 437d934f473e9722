import { readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

// The two journeys of the packets issue, in a real browser against the
// production build: the incident commander assembling a packet from a real
// rehearsal, and a reviewer opening the shared link with no cookies.

const SHOTS = "test-results/screenshots";
const FAKE_KEY = "sk-proj-Ab12Cd34Ef56Gh78Ij90KlMnOp";
const XSS = `<script>window.__pwned = true; alert("xss")</script>`;

async function runRehearsal(request: APIRequestContext) {
  const targets = await (await request.get("/api/targets")).json();
  const primary = targets.items.find((t: { name: string }) => t.name === "Sandbox primary");
  expect(primary, "the seeded sandbox primary target").toBeTruthy();
  const res = await request.post("/api/rehearsals?wait=true", { data: { targetId: primary.id } });
  expect(res.status()).toBe(200);
  const rehearsal = await res.json();
  expect(rehearsal.state).toBe("done");
  expect(rehearsal.happy.record.http_status_family).toBe("2xx");
  expect(rehearsal.error.record.fallback_decision).toBe("manual_hold");
  return rehearsal as { id: string; happy: { record: { test_id: string } }; error: { record: { test_id: string } } };
}

const saved = (page: Page) => expect(page.getByTestId("save-state")).toHaveAttribute("data-state", "saved");

test("incident commander assembles, exports and shares a packet; a reviewer opens it; revoke makes it 404", async ({ page, request, browser }) => {
  test.setTimeout(120_000);
  // Run a rehearsal from the Rehearse page, then open a packet from it.
  await page.goto("/rehearse");
  await page.getByLabel("Target").selectOption({ label: "Sandbox primary (primary)" });
  await page.getByLabel("Error scenario").selectOption("missing_credential");
  await page.getByRole("button", { name: "Run rehearsal" }).click();
  await expect(page).toHaveURL(/rehearsal=/);
  const rehearsalId = new URL(page.url()).searchParams.get("rehearsal")!;
  await page.getByRole("link", { name: "Create packet from this rehearsal" }).click({ timeout: 30_000 });
  await expect(page).toHaveURL(new RegExp(`/packets\\?rehearsalId=${rehearsalId}`));
  const rehearsal = await (await request.get(`/api/rehearsals/${rehearsalId}`)).json();
  expect(rehearsal.happy.record.operator_result).toBe("pass");
  expect(rehearsal.error.record.fallback_decision).toBe("manual_hold");

  const form = page.getByRole("form", { name: "New escalation packet" });
  await expect(form.getByLabel("A rehearsal")).toBeChecked();
  await expect(form.getByLabel("Rehearsal", { exact: true })).toHaveValue(rehearsalId);
  await form.getByLabel("Title").fill("Chat completions 401 on sandbox primary");
  await page.screenshot({ path: `${SHOTS}/packets-new.png` });
  await form.getByRole("button", { name: "Create packet" }).click();
  await page.waitForURL(/\/packets\/[^/?]+$/);
  await expect(page.getByLabel("Packet title")).toHaveValue("Chat completions 401 on sandbox primary");
  const editorUrl = page.url();
  const records = page.getByTestId("attached-record");
  await expect(records).toHaveCount(2);
  await expect(records.first()).toContainText(rehearsal.happy.record.test_id);
  await expect(page.getByTestId("timeline-entry")).toHaveCount(2);

  // Straight from a rehearsal the records are complete, but the operator has said nothing yet.
  const readiness = page.getByTestId("readiness");
  await expect(readiness).toHaveAttribute("data-ready", "false");
  await expect(readiness).toContainText("The summary is the draft from the records; nobody has confirmed it.");
  await expect(readiness).toContainText("No short note about what you did not verify");
  await expect(readiness).toContainText("Sources checked: 4 sources are still to verify (CometAPI documentation, CometAPI help center, Google SRE overload guidance, OpenTelemetry HTTP semantic conventions).");
  await expect(page.getByRole("button", { name: "Mark ready" })).toBeDisabled();
  await expect(page.getByTestId("source-row").first()).toContainText("To verify");
  await expect(page.getByTestId("source-row").first().getByLabel("Accessed")).toHaveValue("");
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.getByRole("complementary", { name: "Packet status" }).screenshot({ path: `${SHOTS}/packet-editor-not-ready-aside-${width}.png` });
    await page.getByTestId("sec-summary").screenshot({ path: `${SHOTS}/packet-editor-summary-unconfirmed-${width}.png` });
    await page.getByTestId("source-row").first().screenshot({ path: `${SHOTS}/packet-editor-source-to-verify-${width}.png` });
    await page.getByTestId("sec-not-verified").screenshot({ path: `${SHOTS}/packet-editor-not-verified-suggested-${width}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 720 });

  // Header.
  await page.getByLabel("Incident reference", { exact: true }).fill("INC-4821");
  await page.getByLabel("Audience", { exact: true }).fill("Platform team and vendor support");

  // Summary: the drafted sentence in the guide's style, then an edit.
  // Prefilled from the rehearsal, and shown once: no second copy of the same draft below it (issue 15).
  const summary = page.getByLabel("Summary", { exact: true });
  await expect(summary).toHaveValue(/the chat-completions request path returned a 4xx status family with no retry, then the fallback route was held/);
  await expect(page.getByTestId("draft-summary")).toHaveCount(0);
  await expect(page.getByTestId("summary-state")).toContainText("Draft from the records — not confirmed");
  await page.getByRole("button", { name: "Accept summary as written" }).click();
  await expect(page.getByTestId("summary-state")).toContainText("Confirmed by you");
  await expect(readiness).not.toContainText("nobody has confirmed it");
  await summary.fill("");
  await expect(page.getByTestId("draft-summary")).toContainText("the chat-completions request path returned a 4xx status family with no retry, then the fallback route was held");
  await page.getByRole("button", { name: "Use this draft" }).click();
  await expect(page.getByTestId("draft-summary")).toHaveCount(0);
  await expect(summary).toHaveValue(/request path returned a 4xx status family/);
  await summary.press("End");
  await summary.pressSequentially(" No provider-side claim is made.");

  // Environment.
  await page.getByLabel("Environment mismatch", { exact: true }).fill("Sandbox provider on loopback; the hosted path uses the real gateway.");

  // Timeline: add an entry.
  await page.getByRole("button", { name: "Add entry (now)" }).click();
  await page.getByLabel("What happened (entry 3)").fill("Packet assembled for platform review.");

  // Records: mark the error record's ids safe to share internally.
  const errorTestId = rehearsal.error.record.test_id;
  // NOTE: a server-confirmed toggle (it changes the packet's revision), so click and wait.
  await page.getByLabel(`Ids of ${errorTestId} are safe to share internally`).click();
  await expect(page.getByLabel(`Ids of ${errorTestId} are safe to share internally`)).toBeChecked();

  // Secret guard: a pasted key is refused, with where.
  const nvNotes = page.getByLabel("Not verified — free text");
  await nvNotes.fill(`Tried again with ${FAKE_KEY} from my shell.`);
  await expect(page.getByTestId("save-state")).toContainText("Not saved — Not verified › free text: This looks like an API key");
  await expect(page.getByText("This looks like an API key. Remove it: a reviewer must never see a credential.").first()).toBeVisible();
  await expect(page.getByTestId("readiness")).toContainText("Secret-like text in Not verified › free text (API key)");
  // …and HTML is accepted as text.
  await nvNotes.fill(`Did not check gateway logs. Pasted payload kept as text: ${XSS}`);
  await saved(page);

  // Not verified: keep one of the guide's suggestions, and attach a source to another.
  await page.getByRole("button", { name: "Keep Exact uptime: I did not verify it" }).click();
  await expect(page.getByTestId("not-verified-item").filter({ hasText: "Exact uptime" })).toContainText("Kept by you");
  await expect(readiness).not.toContainText("No short note about what you did not verify");
  const quota = page.getByTestId("not-verified-item").filter({ hasText: "Account quota" });
  await quota.getByLabel("Source attached").check();
  await page.getByLabel("Source URL for Account quota").fill("https://dashboard.example.com/usage");

  // Account gaps.
  await page.getByRole("button", { name: "Add account gap" }).click();
  await page.getByLabel("Fact (gap 1)").fill("Remaining monthly token quota");
  await page.getByLabel("Why it is outside the public packet").fill("Account-specific; public docs cannot prove it.");
  await page.getByLabel("Authorized source that would settle it").fill("Vendor account dashboard (billing owner)");

  // Sources checked: the guide's four suggestions. Confirm two (one with the page actually used), remove two, add one of our own.
  const today = new Date().toISOString().slice(0, 10);
  const sources = page.getByTestId("source-row");
  await expect(sources).toHaveCount(4);
  await sources.nth(0).getByLabel("URL you used").fill("https://apidoc.cometapi.com/api/text/chat");
  await page.getByRole("button", { name: "Confirm source 1: I checked this page" }).click();
  await expect(sources.nth(0)).toContainText(`Checked · accessed ${today}`);
  await expect(sources.nth(0).getByLabel("Accessed")).toHaveValue(today);
  await page.getByRole("button", { name: "Confirm source 3: I checked this page" }).click();
  await page.getByRole("button", { name: "Remove source 4" }).click();
  await page.getByRole("button", { name: "Remove source 2" }).click();
  await expect(sources).toHaveCount(2);
  await expect(readiness).not.toContainText("still to verify");
  await page.getByRole("button", { name: "Add source" }).click();
  await page.getByLabel("Title (source 3)").fill("Internal runbook: LLM fallback");
  await sources.nth(2).getByLabel("URL you used").fill("https://runbooks.example.com/llm-fallback");
  await sources.nth(2).getByLabel("Purpose").fill("verify the hold-fallback policy.");
  await expect(readiness).toContainText("Sources checked: 1 source is still to verify (Internal runbook: LLM fallback).");
  await page.getByRole("button", { name: "Confirm source 3: I checked this page" }).click();
  await expect(readiness).not.toContainText("still to verify");

  // Contract details: the guide's five rows, one edited.
  await expect(page.getByTestId("contract-row")).toHaveCount(5);
  await page.getByTestId("contract-row").nth(1).getByLabel("Safe candidate wording").fill("Credential configuration was present for the happy path and absent for the error path; no credential value is recorded.");

  // Failure modes: the guide's eight.
  await expect(page.getByTestId("failure-mode")).toHaveCount(8);
  const auth = page.getByTestId("failure-mode").filter({ hasText: "Unreviewed fallback" });
  await auth.getByLabel("ruled out").check();
  await page.getByLabel("Note on Unreviewed fallback").fill("Fallback held; no model or endpoint change.");
  const env = page.getByTestId("failure-mode").filter({ hasText: "Environment mismatch" }).first();
  await env.getByLabel("observed").check();
  await page.getByLabel("Note on Environment mismatch").fill("Sandbox, not the hosted gateway.");

  // The three decisions.
  await page.getByLabel("Which trace or request identifier is safe to share internally?").fill("The trace id of the error-path record.");
  await page.getByLabel(/Which account-specific facts are outside/).fill("Quota and billing state stay in the vendor portal.");
  await page.getByLabel("When should the operator hold fallback instead of retrying again?").fill("On any auth or contract failure.");

  await saved(page);

  // Readiness turns green; mark ready.
  await expect(readiness).toHaveAttribute("data-ready", "true");
  await expect(readiness).toContainText("Nothing blocking");
  await page.getByRole("button", { name: "Mark ready" }).click();
  await expect(readiness).toContainText("Status: ready");
  await page.screenshot({ path: `${SHOTS}/packet-editor.png`, fullPage: true });
  await page.getByTestId("sec-sources").screenshot({ path: `${SHOTS}/packet-editor-sources-1440.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId("sec-sources").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/packet-editor-390.png`, fullPage: true });
  await page.getByTestId("sec-sources").screenshot({ path: `${SHOTS}/packet-editor-sources-390.png` });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${SHOTS}/packet-editor-1440.png`, fullPage: true });
  await page.getByTestId("sec-records").screenshot({ path: `${SHOTS}/packet-editor-records.png` });
  await page.getByTestId("sec-not-verified").screenshot({ path: `${SHOTS}/packet-editor-not-verified.png` });
  await page.getByTestId("sec-timeline").screenshot({ path: `${SHOTS}/packet-editor-timeline.png` });
  await page.getByTestId("sec-failure-modes").screenshot({ path: `${SHOTS}/packet-editor-failure-modes.png` });
  await page.getByRole("complementary", { name: "Packet status" }).screenshot({ path: `${SHOTS}/packet-editor-aside.png` });

  // Markdown export.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download Markdown" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^chat-completions-401-on-sandbox-primary-v\d+\.md$/);
  const md = readFileSync((await download.path())!, "utf8");
  expect(md).toContain("# Chat completions 401 on sandbox primary");
  expect(md).toContain("Incident INC-4821");
  expect(md).toContain("```yaml\ntest_id: \"" + rehearsal.happy.record.test_id + '"');
  expect(md).toContain('fallback_decision: "manual_hold"');
  expect(md).toContain("| Area | What to verify | Source URL | Accessed | Safe candidate wording |");
  expect(md).toContain("| Remaining monthly token quota | Account-specific; public docs cannot prove it. | Vendor account dashboard (billing owner) |");
  expect(md).toContain("- [x] Account quota — source attached: [https://dashboard.example.com/usage](https://dashboard.example.com/usage)");
  expect(md).toContain("| Unreviewed fallback | ruled out | Fallback held; no model or endpoint change. |");
  expect(md).toContain("\\<script\\>");
  // Only confirmed sources, with the operator's date; never the guide's own date; unconfirmed contract rows "to verify".
  expect(md).toContain(`| CometAPI documentation | [https://apidoc.cometapi.com/api/text/chat](https://apidoc.cometapi.com/api/text/chat) | ${today} |`);
  expect(md).not.toContain("CometAPI help center");
  expect(md).not.toContain("2026-06-22");
  expect(md).toMatch(/\| Authentication evidence \|[^\n]*\| to verify \|/);
  expect(md).not.toContain(FAKE_KEY);
  const mdSha = md.match(/sha256 `([0-9a-f]{64})`/)![1];

  // Preview exactly what the reviewer will see, then create the link.
  await page.getByLabel("Link expires after").selectOption({ label: "7 days" });
  // No PUBLIC_BASE_URL on this server: the dialog says plainly the link works only here (issue 11.7).
  await expect(page.getByTestId("share-this-machine")).toContainText("work only on this machine");
  await page.getByRole("button", { name: "Preview and create link…" }).click();
  const preview = page.frameLocator('iframe[title="Reviewer page preview"]');
  await expect(preview.getByRole("heading", { name: "Chat completions 401 on sandbox primary" })).toBeVisible();
  await expect(preview.getByTestId("version-sha")).toHaveText(mdSha);
  await page.getByTestId("sec-share").screenshot({ path: `${SHOTS}/packet-share-preview.png` });
  await page.getByRole("button", { name: "Create link (expires in 7 days)" }).click();
  const url = await page.getByTestId("share-url").inputValue();
  expect(url).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByText("It is shown only once")).toBeVisible();
  await expect(page.getByTestId("share-link-row")).toHaveCount(1);

  // The reviewer: a fresh context, no cookies.
  const reviewer = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  expect(await reviewer.cookies()).toEqual([]);
  const rp = await reviewer.newPage();
  let dialogs = 0;
  rp.on("dialog", (d) => {
    dialogs += 1;
    void d.dismiss();
  });
  const resp = await rp.goto(new URL(url).pathname);
  expect(resp!.status()).toBe(200);
  const headers = resp!.headers();
  expect(headers["cache-control"]).toBe("no-store");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["x-robots-tag"]).toContain("noindex");
  await expect(rp.getByRole("heading", { name: "Chat completions 401 on sandbox primary" })).toBeVisible();
  await expect(rp.getByTestId("version-sha")).toHaveText(mdSha);
  await expect(rp.getByText(XSS)).toBeVisible();
  expect(await rp.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
  expect(dialogs).toBe(0);
  expect(await rp.locator("script").count()).toBe(0);
  await expect(rp.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await expect(rp.getByText(errorTestId).first()).toBeVisible();
  const reviewerSources = rp.locator("section", { has: rp.getByRole("heading", { name: "Sources checked" }) }).locator("tbody tr");
  await expect(reviewerSources).toHaveCount(3);
  for (const title of ["CometAPI documentation", "Google SRE overload guidance", "Internal runbook: LLM fallback"]) {
    await expect(reviewerSources.filter({ hasText: title })).toContainText(today);
  }
  await expect(rp.getByText("CometAPI help center")).toHaveCount(0);
  await expect(rp.getByText("2026-06-22")).toHaveCount(0);
  await rp.screenshot({ path: `${SHOTS}/reviewer-page.png`, fullPage: true });
  await rp.setViewportSize({ width: 1440, height: 900 });
  await rp.screenshot({ path: `${SHOTS}/reviewer-page-1440.png`, fullPage: true });
  await rp.setViewportSize({ width: 390, height: 844 });
  await rp.screenshot({ path: `${SHOTS}/reviewer-page-390.png`, fullPage: true });
  // Print: the print stylesheet applies and the browser makes a PDF of it.
  await rp.emulateMedia({ media: "print" });
  expect(await rp.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(255, 255, 255)");
  const pdf = await rp.pdf({ path: `${SHOTS}/reviewer-page.pdf`, format: "A4" });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdf.length).toBeGreaterThan(20_000);
  await rp.emulateMedia({ media: "screen" });

  // The operator sees the view, then revokes.
  await page.goto(editorUrl);
  const row = page.getByTestId("share-link-row").first();
  await expect(row.getByTestId("view-count")).toHaveText("1");
  await row.getByRole("button", { name: /Revoke link/ }).click();
  await page.getByRole("dialog", { name: "Revoke this reviewer link?" }).getByRole("button", { name: "Revoke link" }).click();
  await expect(row).toHaveAttribute("data-state", "revoked");

  const gone = await rp.reload();
  expect(gone!.status()).toBe(404);
  await expect(rp.getByRole("heading", { name: "This link is not available" })).toBeVisible();
  await expect(rp.getByText("Chat completions 401")).toHaveCount(0);
  await reviewer.close();
});

test("two tabs editing the same packet never silently overwrite each other", async ({ page, context, request }) => {
  const rehearsal = await runRehearsal(request);
  const created = await (await request.post("/api/packets", { data: { title: "Two tabs", rehearsalId: rehearsal.id } })).json();
  const tabB = await context.newPage();
  await page.goto(`/packets/${created.id}`);
  await tabB.goto(`/packets/${created.id}`);

  await page.getByLabel("Summary", { exact: true }).fill("Written in tab A.");
  await saved(page);

  await tabB.getByLabel("Summary", { exact: true }).fill("Written in tab B.");
  await expect(tabB.getByTestId("save-state")).toHaveAttribute("data-state", "conflict");
  await expect(tabB.getByRole("alert").filter({ hasText: "changed in another tab" })).toBeVisible();

  const stored = await (await request.get(`/api/packets/${created.id}`)).json();
  expect(stored.sections.summary).toBe("Written in tab A.");

  await tabB.getByRole("button", { name: "Reload latest" }).click();
  await expect(tabB.getByLabel("Summary", { exact: true })).toHaveValue("Written in tab A.");
  await expect(tabB.getByTestId("save-state")).toHaveAttribute("data-state", "saved");
});

test("a stored summary longer than today's limit stays intact in the editor across an unrelated save", async ({ page, request }) => {
  const rehearsal = await runRehearsal(request);
  const created = await (await request.post("/api/packets", { data: { title: "Old long summary", rehearsalId: rehearsal.id } })).json();
  const long = "The operator wrote this before the 2 000-character limit existed. ".repeat(40).trim();
  const db = new Database(path.resolve("tests/.tmp/e2e.db"));
  try {
    const row = db.prepare(`SELECT "sections" FROM "Packet" WHERE "id" = ?`).get(created.id) as { sections: string };
    db.prepare(`UPDATE "Packet" SET "sections" = ? WHERE "id" = ?`).run(JSON.stringify({ ...JSON.parse(row.sections), summary: long }), created.id);
  } finally {
    db.close();
  }
  await page.goto(`/packets/${created.id}`);
  await expect(page.getByLabel("Summary", { exact: true })).toHaveValue(long);
  await page.getByRole("button", { name: "Add entry (now)" }).click();
  await page.getByLabel("What happened (entry 3)").fill("Unrelated edit.");
  await saved(page);
  const stored = await (await request.get(`/api/packets/${created.id}`)).json();
  expect(stored.sections.summary).toBe(long);
  expect(stored.sections.timeline).toHaveLength(3);
});
