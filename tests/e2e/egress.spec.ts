import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { callerAddress } from "../fixtures/caller-address";
import { startProdServer, type ProdServer } from "../fixtures/prod-server";

// Issue 11 item 7 ("Safe to expose") in a real browser and over real sockets:
// the target form refuses an unlisted credential variable and metadata /
// loopback spellings next to their fields; a stored target naming a variable
// that is no longer allowed reads plainly and is not sent; the sandbox
// answers only loopback callers unless SANDBOX_PUBLIC=1.

test.describe("target form: allowlist and egress policy", () => {
  test("an unlisted variable and refused addresses show their message next to the field", async ({ page }) => {
    await page.goto("/targets");
    await page.getByRole("button", { name: "Add target" }).first().click();
    const form = page.getByRole("form", { name: "Add a target" });
    await form.getByLabel("Name", { exact: true }).fill("Egress probe");
    await form.getByLabel("Model").fill("gpt-4o-mini");
    const baseUrl = form.getByLabel("Base URL");
    const credential = form.getByLabel("Credential variable name");
    await credential.fill("DATABASE_URL");
    await baseUrl.fill("http://0x7f.1/v1");
    await form.getByRole("button", { name: "Add target" }).click();
    await expect(baseUrl).toHaveAttribute("aria-invalid", "true");
    await expect(credential).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByText("0x7f.1 is 127.0.0.1, a loopback address")).toBeVisible();
    await expect(form.getByText(/DATABASE_URL is not an allowed credential variable.*EVIDENCE_CREDENTIAL_VARS/)).toBeVisible();

    for (const [url, words] of [
      ["http://2130706433/v1", "2130706433 is 127.0.0.1"],
      ["http://127.1/v1", "127.1 is 127.0.0.1"],
      ["http://[::ffff:169.254.169.254]/v1", "169.254.169.254"],
      ["http://[fe80::1]/v1", "fe80::1 is link-local"],
      ["http://[fd00:ec2::254]/v1", "fd00:ec2::254 is cloud metadata"],
      ["http://metadata.google.internal/v1", "metadata.google.internal is a cloud metadata service"],
    ]) {
      await baseUrl.fill(url);
      await form.getByRole("button", { name: "Add target" }).click();
      await expect(form.getByText(words, { exact: false })).toBeVisible();
      await expect(baseUrl).toHaveAttribute("aria-invalid", "true");
    }

    await baseUrl.fill("https://api.openai.com/v1");
    await credential.fill("COMETAPI_KEY");
    await form.getByRole("button", { name: "Add target" }).click();
    const row = page.getByTestId("target-row").filter({ hasText: "Egress probe" });
    await expect(row).toContainText("configured: no");
    await row.getByRole("button", { name: "Edit Egress probe" }).click();
    const edit = page.getByRole("form", { name: "Edit Egress probe" });
    await edit.getByLabel("Base URL").fill("http://169.254.169.254/latest");
    await edit.getByRole("button", { name: "Save changes" }).click();
    await expect(edit.getByText("169.254.169.254 is link-local / cloud metadata (169.254.0.0/16); targets may never reach it.")).toBeVisible();
    await page.getByRole("button", { name: "Delete Egress probe" }).click();
    await page.getByRole("button", { name: "Confirm delete Egress probe" }).click();
  });

  test("a stored target naming a variable that is no longer allowed reads plainly, and a run on it is not sent", async ({ page, request, baseURL }) => {
    const created = await request.post("/api/targets", {
      data: { name: "Legacy target", role: "primary", baseUrl: `${baseURL}/api/sandbox/v1`, model: "ok", credentialEnvVar: "E2E_CANARY_KEY", environmentLabel: "staging" },
    });
    expect(created.status()).toBe(201);
    const { id } = await created.json();
    // As stored before the allowlist existed: DATABASE_URL (set in the server's environment).
    const db = new Database(path.resolve("tests/.tmp/e2e.db"));
    db.prepare(`UPDATE "Target" SET "credentialEnvVar" = 'DATABASE_URL' WHERE "id" = ?`).run(id);
    db.close();
    await expect.poll(async () => (await (await request.get(`/api/targets/${id}`)).json()).credentialSource, { timeout: 5_000 }).toBe("not-allowed");

    await page.goto("/targets");
    const row = page.getByTestId("target-row").filter({ hasText: "Legacy target" });
    await expect(row).toContainText("DATABASE_URL");
    await expect(row).toContainText("variable not allowed");
    await expect(row).not.toContainText("configured: yes");

    // The target cache holds a row for up to 2 s; wait it out so the run sees the stored name.
    await page.waitForTimeout(2_100);
    const run = await request.post("/api/runs?wait=true", { data: { targetId: id, path: "happy" } });
    expect(run.status()).toBe(200);
    const r = await run.json();
    expect(r.record.sanitized_error_summary).toContain("request not sent: the credential variable DATABASE_URL is not allowed");
    expect(r.record.client_error_class).toBe("CredentialNotAllowedError");
    expect(r.record.http_status_family).toBe("none");
    await request.delete(`/api/targets/${id}`);
  });
});

test.describe("sandbox answers loopback callers only", () => {
  const caller = callerAddress();
  const address = caller.address;
  test.afterAll(() => caller.remove());
  let server: ProdServer;
  let open: ProdServer;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    server = await startProdServer({ dbFile: "tests/.tmp/sandbox-access.db", env: { HOST: "0.0.0.0" } });
    open = await startProdServer({ dbFile: "tests/.tmp/sandbox-access-public.db", env: { HOST: "0.0.0.0", SANDBOX_PUBLIC: "1" } });
  });
  test.afterAll(async () => {
    await server?.stop();
    await open?.stop();
  });

  const call = (origin: string) =>
    fetch(`${origin}/api/sandbox/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer sandbox-local-credential" },
      body: JSON.stringify({ model: "ok", messages: [{ role: "user", content: "hi" }] }),
    });
  const via = (s: ProdServer, host: string) => s.origin.replace("127.0.0.1", host);

  test("a caller on another interface gets a 403 envelope; loopback and the server's own runs work", async () => {
    const outside = await call(via(server, address));
    expect(outside.status).toBe(403);
    expect(await outside.json()).toEqual({ error: { code: "forbidden", message: expect.stringContaining("SANDBOX_PUBLIC=1") } });
    for (const p of ["/api/sandbox/v1/models", "/api//sandbox/v1/models", "/api/%73andbox/v1/models"]) {
      expect((await fetch(`${via(server, address)}${p}`)).status, p).toBe(403);
    }
    // The rest of the app answers only its configured host name (decision 072): 421, not this rule's 403.
    expect((await fetch(`${via(server, address)}/api/health`)).status).toBe(421);
    const inside = await call(server.origin);
    expect(inside.status).toBe(200);
    // The server's own runner reaches its sandbox over loopback.
    const targets = (await (await server.fetch(`${server.origin}/api/targets`)).json()).items as { id: string; name: string }[];
    const primary = targets.find((t) => t.name === "Sandbox primary")!;
    const run = await server.fetch(`${server.origin}/api/runs?wait=true`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ targetId: primary.id, path: "happy" }) });
    expect((await run.json()).record.operator_result).toBe("pass");
  });

  test("with SANDBOX_PUBLIC=1 another host may use it", async () => {
    expect((await call(via(open, address))).status).toBe(200);
  });
});
