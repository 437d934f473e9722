import { execFileSync } from "node:child_process";
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { startProdServer, type ProdServer } from "../fixtures/prod-server";

// Issue 11 "Done when", on a production server of its own that starts with
// no account at all: the first visit creates the owner; invitations; roles
// checked on the server; tokens used by curl; cross-site and Host refusals;
// the audit log afterwards.

let server: ProdServer;
const CANARY = "sk-access-canary-Qw7Er5Ty3Ui1Op9As";
const OWNER = { name: "Olga Owner", email: "olga@team.test", password: "owner-password-123" };

test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  server = await startProdServer({ dbFile: "tests/.tmp/access.db", owner: false, env: { ACCESS_CANARY_KEY: CANARY, EVIDENCE_CREDENTIAL_VARS: "ACCESS_CANARY_KEY" } });
});
test.afterAll(async () => {
  await server?.stop();
});

const fresh = (browser: Browser) => browser.newContext({ baseURL: server.origin, storageState: { cookies: [], origins: [] } });

async function json<T>(req: APIRequestContext, method: string, path: string, data?: unknown): Promise<T> {
  const res = await req.fetch(path, { method, data });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

let invitationFor: (role: "operator" | "viewer") => Promise<string>;
let ownerPage: Page;
let shareUrl = "";

test("fresh start → create the owner → rehearse → packet → share → a browser with no account opens the link", async ({ browser }) => {
  test.setTimeout(120_000);
  const ctx = await fresh(browser);
  const page = await ctx.newPage();
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Create the owner account" })).toBeVisible();
  await page.getByLabel("Name").fill(OWNER.name);
  await page.getByLabel("Email").fill(OWNER.email);
  await page.getByLabel("Password").fill(OWNER.password);
  await page.getByRole("button", { name: "Create the owner account" }).click();
  await expect(page).toHaveURL(/\/rehearse$/);
  await expect(page.getByText(OWNER.email)).toBeVisible();
  await page.screenshot({ path: "test-results/screens/access-owner-rehearse.png", fullPage: true });

  // The first rehearsal works exactly as before.
  await page.getByLabel("Target").selectOption({ label: "Sandbox primary (primary)" });
  await page.getByRole("button", { name: "Run rehearsal" }).click();
  await expect(page).toHaveURL(/rehearsal=/);
  await expect(page.getByTestId("panel-error-path").getByText("pass", { exact: true })).toBeVisible({ timeout: 30_000 });
  const rehearsalId = new URL(page.url()).searchParams.get("rehearsal")!;

  // A second visit to /setup goes to sign-in: there is an owner now.
  const other = await fresh(browser);
  const op = await other.newPage();
  await op.goto("/setup");
  await expect(op).toHaveURL(/\/sign-in$/);
  await other.close();

  // Packet → ready → share, as the owner (the packet journey's UI is tests/e2e/packets.spec.ts).
  type Packet = { id: string; revision: number; sections: { notVerified: { items: { confirmed: boolean }[] }; sourcesChecked: object[]; contractChecks: object[] } };
  const p = await json<Packet>(page.request, "POST", "/api/packets", { title: "Access journey packet", rehearsalId });
  const s = p.sections;
  const today = new Date().toISOString().slice(0, 10);
  await json(page.request, "PATCH", `/api/packets/${p.id}`, {
    revision: p.revision,
    sections: {
      summaryConfirmed: true,
      notVerified: { ...s.notVerified, items: s.notVerified.items.map((i, n) => ({ ...i, confirmed: n === 0 })) },
      sourcesChecked: s.sourcesChecked.map((x) => ({ ...x, confirmed: true, accessed: today })),
      contractChecks: s.contractChecks.map((c) => ({ ...c, confirmed: true, accessed: today })),
    },
  });
  await json(page.request, "POST", `/api/packets/${p.id}/status`, { status: "ready" });
  expect((await page.request.get(`/api/packets/${p.id}/export?format=md`)).status()).toBe(200);
  const link = await json<{ path: string; url: string }>(page.request, "POST", `/api/packets/${p.id}/share`, { expiresInHours: 24 });
  shareUrl = link.path;

  // A second browser context with no account opens the share link; the dashboard still asks it to sign in.
  const reviewer = await fresh(browser);
  const rp = await reviewer.newPage();
  const res = await rp.goto(link.path);
  expect(res?.status()).toBe(200);
  await expect(rp.getByText("Access journey packet")).toBeVisible();
  await rp.goto("/packets");
  await expect(rp).toHaveURL(/\/sign-in$/);
  expect((await rp.request.get("/api/packets")).status()).toBe(401);
  await reviewer.close();

  ownerPage = page;
  invitationFor = async (role) => {
    await page.goto("/admin/users");
    await page.getByLabel("Role", { exact: true }).selectOption(role);
    await page.getByRole("button", { name: "Create invitation link" }).click();
    const url = (await page.getByTestId("invitation-link").textContent())!.trim();
    expect(url).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    return new URL(url).pathname;
  };
});

async function join(browser: Browser, invitePath: string, who: { name: string; email: string; password: string }) {
  const ctx = await fresh(browser);
  const page = await ctx.newPage();
  await page.goto(invitePath);
  await page.getByLabel("Name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page).toHaveURL(/\/rehearse$/);
  return { ctx, page };
}

test("an invited operator signs up through the invitation, can run, and cannot open the users page", async ({ browser }) => {
  const invite = await invitationFor("operator");
  const { ctx, page } = await join(browser, invite, { name: "Oscar Operator", email: "oscar@team.test", password: "operator-password-1" });
  await expect(page.getByRole("button", { name: "Run rehearsal" })).toBeVisible();
  const targets = await json<{ items: { id: string; name: string }[] }>(page.request, "GET", "/api/targets");
  const run = await json<{ state: string; startedBy: { label: string } }>(page.request, "POST", "/api/runs?wait=true", { targetId: targets.items.find((t) => t.name === "Sandbox primary")!.id, path: "happy" });
  expect(run.state).toBe("done");
  expect(run.startedBy.label).toBe("oscar@team.test");
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "This page needs the Admin role" })).toBeVisible();
  expect((await page.request.get("/api/users")).status()).toBe(403);
  // The invitation was single use.
  const again = await fresh(browser);
  const ap = await again.newPage();
  await ap.goto(invite);
  await expect(ap.getByRole("heading", { name: "This invitation is not valid" })).toBeVisible();
  await again.close();
  await ctx.close();
});

test("a viewer marks a rehearsal reviewed and cannot start a run (no button; the API says 403)", async ({ browser }) => {
  const { ctx, page } = await join(browser, await invitationFor("viewer"), { name: "Vera Viewer", email: "vera@team.test", password: "viewer-password-1" });
  await expect(page.getByRole("button", { name: /Run (rehearsal|smoke test)/ })).toHaveCount(0);
  await expect(page.getByText("running needs the Operator role")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/access-viewer-rehearse.png", fullPage: true });
  const targets = await json<{ items: { id: string; name: string }[] }>(page.request, "GET", "/api/targets");
  const res = await page.request.post("/api/runs?wait=true", { data: { targetId: targets.items[0].id, path: "happy" } });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe("forbidden");
  // A record page: viewers copy its ids, but there is no "Run again" (issue 15.5).
  const runs = await json<{ items: { id: number }[] }>(page.request, "GET", "/api/runs");
  await page.goto(`/records/${runs.items[0].id}`);
  await expect(page.getByRole("button", { name: "Copy trace id" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Run again" })).toHaveCount(0);
  const { items } = await json<{ items: { id: string }[] }>(page.request, "GET", "/api/history/rehearsals");
  const reviewed = await json<{ rehearsal: { reviewedAt: string | null; reviewedBy: { label: string } | null } }>(page.request, "POST", `/api/rehearsals/${items[0].id}/review`, { reviewed: true, comment: "Looks right." });
  expect(reviewed.rehearsal.reviewedAt).not.toBeNull();
  expect(reviewed.rehearsal.reviewedBy?.label).toBe("vera@team.test");
  await ctx.close();
});

test("the lead sees who did what: History filtered by a person, and who reviewed a rehearsal", async () => {
  const page = ownerPage;
  await page.goto("/history");
  const rows = page.getByTestId("history-run-row");
  await page.getByLabel("Started by").selectOption({ label: "Oscar Operator (oscar@team.test)" });
  await expect(page).toHaveURL(/startedBy=/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId("run-started-by")).toContainText("by oscar@team.test");
  await expect(page.getByTestId("history-totals")).toContainText("1 records");
  await page.screenshot({ path: "test-results/screens/access-history-by-person.png", fullPage: true });
  await page.getByLabel("Started by").selectOption({ label: `${OWNER.name} (${OWNER.email})` });
  await expect(rows).toHaveCount(2);
  for (const row of await rows.all()) await expect(row.getByTestId("run-started-by")).toContainText(`by ${OWNER.email}`);

  await page.goto("/history/rehearsals?review=all");
  const rehearsal = page.getByTestId("rehearsal-row");
  await expect(rehearsal).toHaveCount(1);
  await expect(rehearsal.getByTestId("rehearsal-started-by")).toContainText(`by ${OWNER.email}`);
  await expect(rehearsal.getByText("by vera@team.test")).toBeVisible();
  await rehearsal.getByRole("link", { name: /reviewed rehearsal/ }).click();
  await expect(page.getByTestId("reviewed-by")).toHaveText("by vera@team.test");
});

test("tokens: created, used by curl as the README shows, read scope cannot run, revoked and refused after", async () => {
  const owner = server.fetch;
  const cookie = await (await import("../fixtures/prod-server")).signIn(server.origin, OWNER.email, OWNER.password);
  const call = (path: string, init: RequestInit = {}) => owner(`${server.origin}${path}`, { ...init, headers: { cookie, "content-type": "application/json", ...(init.headers ?? {}) } });
  const made = await (await call("/api/tokens", { method: "POST", body: JSON.stringify({ name: "ci", scopes: ["read", "runs:write"], expiresInDays: 7 }) })).json();
  expect(made.token).toMatch(/^ep_/);
  const readOnly = await (await call("/api/tokens", { method: "POST", body: JSON.stringify({ name: "dashboards", scopes: ["read"] }) })).json();
  const targets = await (await call("/api/targets")).json();
  const target = targets.items.find((t: { name: string }) => t.name === "Sandbox primary").id;
  // The README's CI example: a waited rehearsal with a token.
  const curl = (token: string, ...args: string[]) =>
    execFileSync("curl", ["-sS", "-w", "\n%{http_code}", "-H", `Authorization: Bearer ${token}`, "-H", "content-type: application/json", ...args], { encoding: "utf8" });
  const ok = curl(made.token, "-X", "POST", `${server.origin}/api/rehearsals?wait=true`, "-d", JSON.stringify({ targetId: target }));
  expect(ok.trim().split("\n").pop()).toBe("200");
  expect(JSON.parse(ok.slice(0, ok.lastIndexOf("\n"))).startedBy.label).toBe(`token "ci" (${OWNER.email})`);
  expect(curl(readOnly.token, `${server.origin}/api/runs?limit=1`).trim().split("\n").pop()).toBe("200");
  expect(curl(readOnly.token, "-X", "POST", `${server.origin}/api/runs`, "-d", JSON.stringify({ targetId: target, path: "happy" })).trim().split("\n").pop()).toBe("403");
  const list = await (await call("/api/tokens")).json();
  expect(list.items.find((t: { id: string; lastUsedAt: string | null }) => t.id === made.item.id).lastUsedAt).not.toBeNull();
  expect(JSON.stringify(list)).not.toContain(made.token);
  expect((await call(`/api/tokens/${made.item.id}`, { method: "DELETE" })).status).toBe(200);
  expect(curl(made.token, `${server.origin}/api/runs?limit=1`).trim().split("\n").pop()).toBe("401");
});

test("cross-site requests with a valid session and a foreign Host are refused", async () => {
  const cookie = await (await import("../fixtures/prod-server")).signIn(server.origin, OWNER.email, OWNER.password);
  const body = JSON.stringify({ title: "forged" });
  for (const headers of [
    { cookie, origin: "http://evil.test", "content-type": "application/json" },
    { cookie, origin: "http://evil.test", "content-type": "text/plain; x=application/json" },
    { cookie, origin: "http://evil.test" },
  ] as Record<string, string>[]) {
    const res = await fetch(`${server.origin}/api/packets`, { method: "POST", headers, body });
    expect(res.status, JSON.stringify(headers)).toBe(403);
  }
  const curlHost = (host: string) => execFileSync("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H", `Host: ${host}`, "-H", `cookie: ${cookie}`, `${server.origin}/api/runs`], { encoding: "utf8" });
  expect(curlHost("evil.test")).toBe("421");
  expect(curlHost(`evil.test:${new URL(server.origin).port}`)).toBe("421");
  expect(curlHost(new URL(server.origin).host)).toBe("200");
});

test("the audit log holds an entry for each action of the journeys, and never the canary credential", async () => {
  // A failed sign-in, a share-link revoke, a breaker reset, a target edit and a schedule change complete the list.
  const bad = await fetch(`${server.origin}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: server.origin }, body: JSON.stringify({ email: OWNER.email, password: "wrong-password-000" }) });
  expect(bad.status).toBe(401);
  const cookie = await (await import("../fixtures/prod-server")).signIn(server.origin, OWNER.email, OWNER.password);
  const call = (path: string, init: RequestInit = {}) => fetch(`${server.origin}${path}`, { ...init, headers: { cookie, "content-type": "application/json", ...(init.headers ?? {}) } });
  expect((await fetch(`${server.origin}${shareUrl}`)).status).toBe(200);
  const target = (await (await call("/api/targets")).json()).items.find((t: { name: string }) => t.name === "Sandbox primary");
  const made = await call("/api/targets", { method: "POST", body: JSON.stringify({ name: "Canary target", role: "primary", baseUrl: target.baseUrl, model: "gpt-4o-mini", credentialEnvVar: "ACCESS_CANARY_KEY", environmentLabel: "test" }) });
  expect(made.status).toBe(201);
  const created = await made.json();
  expect((await call(`/api/targets/${created.id}`, { method: "PATCH", body: JSON.stringify({ credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY" }) })).status).toBe(200);
  expect((await call(`/api/breakers/${target.id}/reset`, { method: "POST", body: "{}" })).status).toBe(201);
  expect((await call(`/api/history/schedules/${target.id}`, { method: "PUT", body: JSON.stringify({ cron: "0 9 * * 1-5", enabled: true }) })).status).toBe(200);
  const packets = (await (await call("/api/packets")).json()).items as { id: string }[];
  const links = (await (await call(`/api/packets/${packets[0].id}/share-links`)).json()).items as { id: string }[];
  expect((await call(`/api/share-links/${links[0].id}`, { method: "DELETE" })).status).toBe(200);
  expect((await call(`/api/targets/${created.id}`, { method: "DELETE" })).status).toBe(204);
  await new Promise((r) => setTimeout(r, 1_500)); // view counts (and the first-view entry) are written in 1 s batches

  const csv = await (await call("/api/audit/export.csv")).text();
  const { items } = (await (await call("/api/audit?limit=500")).json()) as { items: { action: string; actorLabel: string; detail: string }[] };
  const actions = new Set(items.map((i) => i.action));
  for (const a of [
    "owner_created", "sign_in", "sign_in_failed", "invitation_created", "invitation_used", "token_created", "token_revoked",
    "target_created", "target_updated", "target_deleted", "breaker_reset", "schedule_changed", "run_started", "rehearsal_started",
    "rehearsal_reviewed", "packet_created", "packet_status_changed", "packet_exported", "share_link_created", "share_link_revoked", "share_link_first_view",
  ]) expect(actions, a).toContain(a);
  expect(items.find((i) => i.action === "target_updated")?.detail).toContain("credentialEnvVar ACCESS_CANARY_KEY → EVIDENCE_SANDBOX_API_KEY");
  expect(items.find((i) => i.action === "sign_in_failed")?.actorLabel).toBe(OWNER.email);
  expect(csv.split("\n").length).toBeGreaterThan(items.length);
  for (const text of [csv, JSON.stringify(items)]) {
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain("wrong-password-000");
    expect(text).not.toContain(OWNER.password);
  }
  // Non-admins cannot read it.
  expect((await fetch(`${server.origin}/api/audit`)).status).toBe(401);
});

test.describe("the reviewer page and its JSON are rate limited per client address", () => {
  let limited: ProdServer;
  test.beforeAll(async () => {
    limited = await startProdServer({ dbFile: "tests/.tmp/share-limit.db", env: { SHARE_RATE_LIMIT: "5" } });
  });
  test.afterAll(async () => {
    await limited?.stop();
  });

  test("past the limit: 429 with Retry-After (envelope on the JSON); before it, unknown tokens share one 404", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${limited.origin}/p/${"A".repeat(43)}`)).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404]);
    const page = await fetch(`${limited.origin}/p/${"B".repeat(43)}`);
    expect(page.status).toBe(429);
    expect(Number(page.headers.get("retry-after"))).toBeGreaterThan(0);
    const api = await fetch(`${limited.origin}/api/shared/${"C".repeat(43)}`);
    expect(api.status).toBe(429);
    expect((await api.json()).error.code).toBe("rate_limited");
    // The dashboard's own API is not counted against reviewers.
    expect((await limited.fetch(`${limited.origin}/api/packets`)).status).toBe(200);
  });

  test("sign-in: five attempts a minute per address, then 429 — even with the right password", async () => {
    const attempt = (password: string) =>
      fetch(`${limited.origin}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: limited.origin }, body: JSON.stringify({ email: "owner@e2e.local", password }) });
    // The fixture's own sign-in counted as the first of the minute.
    const statuses: number[] = [];
    for (let i = 0; i < 8 && statuses.at(-1) !== 429; i++) statuses.push((await attempt(`wrong-password-${i}00000`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect((await attempt("e2e-owner-password-1")).status).toBe(429);
  });
});
