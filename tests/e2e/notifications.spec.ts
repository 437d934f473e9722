import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { startReceiver, type Receiver } from "../fixtures/notify-receiver";
import { startProdServer, type ProdServer } from "../fixtures/prod-server";

// Issue 16 "Done when", in a real browser: an admin adds a signed webhook
// channel, sends a test, attaches it to "Scheduled rehearsal failed", and a
// failing scheduled rehearsal produces exactly one delivery — seen by a
// loopback receiver that checks the HMAC signature, and in the page's
// delivery log. On a production server of its own: the journeys' server runs
// with SCHEDULER=off, and turning it on there would fire other journeys'
// schedules.

const SECRET = "notify-e2e-signing-secret-4Jd8Qz2Wp6Ls";
const CANARY = "sk-notify-canary-Hy3Kp8Vb2Nq5Tx7M";
const CHANNEL = "On-call webhook";
const TARGET = "Nightly contract check";

let server: ProdServer;
let receiver: Receiver;

test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  // Checks every X-Evidence-Signature with the secret (a request that fails it is answered 401 and recorded as invalid).
  receiver = await startReceiver({ secret: SECRET });
  server = await startProdServer({
    dbFile: "tests/.tmp/notifications.db",
    env: {
      SCHEDULER: "on",
      // The channel names this variable; the server signs with its value.
      NOTIFY_E2E_SECRET: SECRET,
      // The receiver is on loopback: webhook URLs go through the egress policy like targets (decision 060).
      EVIDENCE_EGRESS_ALLOW: "127.0.0.1",
      NOTIFICATIONS_WORKER_INTERVAL_MS: "200",
      E2E_NIGHTLY_CANARY_KEY: CANARY,
      EVIDENCE_CREDENTIAL_VARS: "E2E_NIGHTLY_CANARY_KEY",
    },
  });
});
test.afterAll(async () => {
  await server?.stop();
  await receiver?.close();
});

/** A browser context signed in with the given Cookie header value. */
async function signedIn(browser: Browser, cookie: string): Promise<BrowserContext> {
  const ctx = await browser.newContext({ baseURL: server.origin, storageState: { cookies: [], origins: [] } });
  await ctx.addCookies(
    cookie.split("; ").map((pair) => {
      const i = pair.indexOf("=");
      return { name: pair.slice(0, i), value: pair.slice(i + 1), url: server.origin };
    }),
  );
  return ctx;
}

/** The next whole UTC minute at least 20 s away, as a cron that fires once that day. */
function onceCron(now = new Date()) {
  const slot = new Date(Math.ceil((now.getTime() + 20_000) / 60_000) * 60_000);
  return { cron: `${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *`, slot };
}

const deliveryRows = (page: Page, event: string) => page.getByTestId("delivery-row").and(page.locator(`[data-event="${event}"]`));

test("an admin adds a webhook channel, sends a test, attaches it to 'Scheduled rehearsal failed'; a failing scheduled rehearsal is delivered exactly once", async ({ browser }) => {
  test.setTimeout(240_000);
  const ctx = await signedIn(browser, server.cookie);
  const page = await ctx.newPage();

  // The nav leads there, beside Users and Audit log.
  await page.goto("/admin/users");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Notifications/ }).click();
  await expect(page).toHaveURL(/\/admin\/notifications$/);
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();

  // 1. Add the webhook channel. A secret value typed as the variable name is refused next to the field.
  await page.getByRole("button", { name: "Add channel" }).click();
  const form = page.getByRole("form", { name: "Add a channel" });
  await expect(form).toContainText("Secrets stay in environment variables; enter the variable's name.");
  await form.getByLabel("Name", { exact: true }).fill(CHANNEL);
  await form.getByLabel("Webhook URL").fill(receiver.url);
  await form.getByLabel("Signing secret variable name").fill(SECRET);
  await form.getByRole("button", { name: "Add channel" }).click();
  await expect(form.getByLabel("Signing secret variable name")).toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("Signing secret variable name").fill("NOTIFY_E2E_SECRET");
  await form.getByRole("button", { name: "Add channel" }).click();
  const channel = page.getByTestId("channel-item").filter({ hasText: CHANNEL });
  await expect(channel).toContainText("configured");
  await expect(channel).toContainText("NOTIFY_E2E_SECRET");
  await expect(channel).not.toContainText("is not set");

  // 2. Send a test: one signed request reaches the receiver; the page follows it to "delivered".
  await channel.getByRole("button", { name: `Send test to ${CHANNEL}` }).click();
  await expect(channel.getByTestId("test-result")).toContainText("delivered", { timeout: 30_000 });
  expect(receiver.received).toHaveLength(1);
  const test0 = receiver.received[0];
  expect(test0.signatureValid).toBe(true);
  expect(test0.event).toBe("test");
  expect(test0.body).toMatchObject({ schemaVersion: 1, event: "test", id: test0.deliveryId });
  await expect(deliveryRows(page, "test")).toHaveCount(1);
  await expect(deliveryRows(page, "test")).toHaveAttribute("data-status", "delivered");
  await expect(deliveryRows(page, "test")).toContainText(CHANNEL);

  // 3. The rule, in plain words.
  await page.getByRole("button", { name: "Add rule" }).click();
  const ruleForm = page.getByRole("form", { name: "Add a rule" });
  await ruleForm.getByLabel("When").selectOption({ label: "Scheduled rehearsal failed" });
  await ruleForm.getByRole("button", { name: "Add rule" }).click();
  await expect(ruleForm.getByText("Pick at least one channel.")).toBeVisible();
  await ruleForm.getByRole("checkbox", { name: CHANNEL }).check();
  await ruleForm.getByLabel("Quiet period (minutes)").fill("30");
  await ruleForm.getByRole("button", { name: "Add rule" }).click();
  const rule = page.getByTestId("rule-item").filter({ hasText: "Scheduled rehearsal failed" });
  await expect(rule).toContainText(`To ${CHANNEL}`);
  await expect(rule).toContainText("quiet period 30 min");
  await page.screenshot({ path: "test-results/screens/notifications-journey.png", fullPage: true });

  // 4. A target whose happy path fails the response contract (the sandbox's bad-shape model), scheduled once, at the next minute.
  const created = await server.fetch(`${server.origin}/api/targets`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.origin },
    body: JSON.stringify({ name: TARGET, role: "primary", baseUrl: `${server.origin}/api/sandbox/v1`, model: "bad-shape", credentialEnvVar: "E2E_NIGHTLY_CANARY_KEY", environmentLabel: "staging" }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const target = (await created.json()) as { id: string };
  await page.goto("/history/schedules");
  const card = page.getByTestId("schedule-card").filter({ hasText: TARGET });
  const { cron, slot } = onceCron();
  await card.getByLabel("Cron expression (UTC)").fill(cron);
  await card.getByLabel("Enabled").check();
  await card.getByRole("button", { name: "Save schedule" }).click();
  await expect(card.getByText("scheduled", { exact: true })).toBeVisible();

  // 5. The slot fires (the scheduler wakes each minute), the rehearsal fails, one signed delivery arrives.
  const failed = () => receiver.received.filter((r) => r.event === "scheduled_rehearsal_failed");
  await expect.poll(() => failed().length, { timeout: Math.max(0, slot.getTime() - Date.now()) + 90_000, intervals: [1_000] }).toBeGreaterThan(0);
  const schedule = (await (await server.fetch(`${server.origin}/api/history/schedules/${target.id}`)).json()) as { recentSlots: { slot: string; status: string; rehearsalId: string | null }[] };
  const ran = schedule.recentSlots.find((s) => s.slot === slot.toISOString());
  expect(ran?.rehearsalId).toBeTruthy();
  // Time for a duplicate to show up if there were one (a retry after a delivered send, a second worker pass).
  await page.waitForTimeout(5_000);
  expect(failed()).toHaveLength(1);
  const hit = failed()[0];
  expect(hit.signatureValid).toBe(true);
  expect(receiver.counts().get(hit.deliveryId)).toBe(1);
  expect(hit.body).toMatchObject({ schemaVersion: 1, event: "scheduled_rehearsal_failed", id: hit.deliveryId });
  expect(hit.raw).toContain(TARGET);
  expect(hit.raw).toContain(ran!.rehearsalId!);
  expect(hit.raw).not.toContain(CANARY);
  expect(hit.raw).not.toContain(SECRET);

  // 6. The page's delivery log shows that one delivery, delivered, for this channel.
  await page.goto("/admin/notifications");
  await expect(deliveryRows(page, "scheduled_rehearsal_failed")).toHaveCount(1);
  const row = deliveryRows(page, "scheduled_rehearsal_failed");
  await expect(row).toHaveAttribute("data-status", "delivered");
  await expect(row).toContainText(CHANNEL);
  await expect(row).toContainText("Scheduled rehearsal failed");
  await page.getByLabel("Channel", { exact: true }).selectOption({ label: CHANNEL });
  await expect(page.getByTestId("delivery-row")).toHaveCount(2);
  expect(await page.content()).not.toContain(SECRET);
  await page.screenshot({ path: "test-results/screens/notifications-delivered.png", fullPage: true });
  await ctx.close();
});

test("an operator and a viewer cannot open the page, see no link to it, and the API refuses them", async ({ browser }) => {
  const owner = await signedIn(browser, server.cookie);
  const op = await owner.newPage();
  for (const [role, who] of [
    ["operator", { name: "Oona Operator", email: "oona@team.test", password: "operator-password-1" }],
    ["viewer", { name: "Viv Viewer", email: "viv@team.test", password: "viewer-password-1" }],
  ] as const) {
    const inv = await op.request.post("/api/invitations", { data: { role, email: null, expiresInHours: 24 }, headers: { origin: server.origin } });
    expect(inv.status(), await inv.text()).toBe(201);
    const invitePath = new URL(((await inv.json()) as { url: string }).url).pathname;
    const ctx = await browser.newContext({ baseURL: server.origin, storageState: { cookies: [], origins: [] } });
    const page = await ctx.newPage();
    await page.goto(invitePath);
    await page.getByLabel("Name").fill(who.name);
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Create my account" }).click();
    await expect(page).toHaveURL(/\/rehearse$/);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Notifications/ })).toHaveCount(0);
    await page.goto("/admin/notifications");
    await expect(page.getByRole("heading", { name: "This page needs the Admin role" })).toBeVisible();
    await expect(page.getByTestId("channel-item")).toHaveCount(0);
    expect(await page.content()).not.toContain(CHANNEL);
    for (const path of ["/api/notifications/channels", "/api/notifications/rules", "/api/notifications/deliveries"]) {
      expect((await page.request.get(path)).status(), `${role} GET ${path}`).toBe(403);
    }
    await ctx.close();
  }
  await owner.close();
});

test("channels say which variable is not set, can be edited, disabled and deleted (after a confirmation); a server secret's name is refused", async ({ browser }) => {
  const ctx = await signedIn(browser, server.cookie);
  const page = await ctx.newPage();
  await page.goto("/admin/notifications");

  // E-mail without SMTP_URL on this server: saved, and it says so.
  await page.getByRole("button", { name: "Add channel" }).click();
  let form = page.getByRole("form", { name: "Add a channel" });
  await form.getByLabel("Kind").selectOption({ label: "Email (SMTP)" });
  await form.getByLabel("Name", { exact: true }).fill("Leads e-mail");
  await form.getByLabel("Recipients").fill("lead@example.com, not-an-address");
  await form.getByRole("button", { name: "Add channel" }).click();
  await expect(form.getByLabel("Recipients")).toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("Recipients").fill("lead@example.com");
  await form.getByRole("button", { name: "Add channel" }).click();
  const email = page.getByTestId("channel-item").filter({ hasText: "Leads e-mail" });
  await expect(email).toContainText("SMTP_URL is not set");
  await expect(email).not.toContainText(/\bconfigured\b/);

  // Edit: the recipients change.
  await email.getByRole("button", { name: "Edit Leads e-mail" }).click();
  form = page.getByRole("form", { name: "Edit Leads e-mail" });
  await expect(form.getByLabel("Kind")).toBeDisabled();
  await form.getByLabel("Recipients").fill("lead@example.com, platform@example.com");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(email).toContainText("lead@example.com, platform@example.com");

  // Disable: no test can be sent until it is enabled again.
  await email.getByLabel("Enabled: Leads e-mail").uncheck();
  await expect(email).toContainText("disabled");
  await expect(email.getByRole("button", { name: "Send test to Leads e-mail" })).toBeDisabled();

  // A Slack channel naming a server secret is refused by the server next to the field; a NOTIFY_ name is kept.
  await page.getByRole("button", { name: "Add channel" }).click();
  form = page.getByRole("form", { name: "Add a channel" });
  await form.getByLabel("Kind").selectOption({ label: "Slack-compatible webhook" });
  await form.getByLabel("Name", { exact: true }).fill("Team Slack");
  await form.getByLabel("Slack URL variable name").fill("DATABASE_URL");
  await form.getByRole("button", { name: "Add channel" }).click();
  await expect(form.getByLabel("Slack URL variable name")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText(/starts with NOTIFY_/)).toBeVisible();
  await form.getByLabel("Slack URL variable name").fill("NOTIFY_TEAM_SLACK_URL");
  await form.getByRole("button", { name: "Add channel" }).click();
  const slack = page.getByTestId("channel-item").filter({ hasText: "Team Slack" });
  await expect(slack).toContainText("NOTIFY_TEAM_SLACK_URL is not set");

  // Delete asks first; Cancel keeps it, the confirmation removes it.
  await slack.getByRole("button", { name: "Delete Team Slack" }).click();
  await page.getByTestId("confirm-dialog").getByRole("button", { name: "Cancel" }).click();
  await expect(slack).toBeVisible();
  await slack.getByRole("button", { name: "Delete Team Slack" }).click();
  await page.getByRole("button", { name: "Confirm delete Team Slack" }).click();
  await expect(page.getByTestId("channel-item").filter({ hasText: "Team Slack" })).toHaveCount(0);
  const { channels } = (await (await server.fetch(`${server.origin}/api/notifications/channels`)).json()) as { channels: { name: string; enabled: boolean; to?: string[] }[] };
  expect(channels.map((c) => c.name).sort()).toEqual(["Leads e-mail", CHANNEL]);
  expect(channels.find((c) => c.name === "Leads e-mail")).toMatchObject({ enabled: false, to: ["lead@example.com", "platform@example.com"] });
  await ctx.close();
});

test("the page, with its channel, rule and deliveries, fits 390–1920 px in light and dark without sideways scrolling", async ({ browser }) => {
  const problems: string[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    for (const width of [390, 1280, 1920]) {
      const ctx = await signedIn(browser, server.cookie);
      const page = await ctx.newPage();
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: 900 });
      await page.goto("/admin/notifications");
      await expect(page.getByTestId("delivery-row").first()).toBeVisible();
      await page.getByRole("button", { name: "Add channel" }).click();
      await page.getByRole("button", { name: "Add rule" }).click();
      await expect(page.getByRole("form", { name: "Add a rule" })).toBeVisible();
      const [scrollWidth, clientWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      if (scrollWidth > clientWidth) problems.push(`${colorScheme} ${width}px: ${scrollWidth} > ${clientWidth}`);
      // The delivery's status is on screen, not behind the log's own sideways scroll (rows stack on a phone).
      const status = await page.getByTestId("delivery-row").first().getByText(/^(delivered|failed|pending|sending|suppressed)$/).first().boundingBox();
      if (!status || status.x + status.width > clientWidth) problems.push(`${colorScheme} ${width}px: the delivery status is off screen (${status?.x})`);
      await page.screenshot({ path: `test-results/screens/notifications-${colorScheme}-${width}.png`, fullPage: true });
      await ctx.close();
    }
  }
  expect(problems).toEqual([]);
});
