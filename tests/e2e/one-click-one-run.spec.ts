import { expect, test, type APIRequestContext } from "@playwright/test";

// Issue 9.8: a double-click on the Rehearse page's button starts one
// rehearsal (or one smoke run), not two.
async function slowTarget(request: APIRequestContext, baseURL: string | undefined, name: string) {
  const created = await request.post("/api/targets", {
    data: { name, role: "primary", baseUrl: `${baseURL}/api/sandbox/v1`, model: "slow-300", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "staging" },
  });
  expect(created.status()).toBe(201);
  return (await created.json()).id as string;
}

const runsFor = async (request: APIRequestContext, targetId: string) =>
  ((await (await request.get(`/api/runs?limit=200&targetId=${targetId}`)).json()).items as { rehearsalId: string | null }[]);

test("a double-click on Run rehearsal starts one rehearsal", async ({ page, request, baseURL }) => {
  const id = await slowTarget(request, baseURL, "Double-click rehearsal target");
  await page.goto("/rehearse");
  await page.getByLabel("Target").selectOption({ label: "Double-click rehearsal target (primary)" });
  await page.getByRole("button", { name: "Run rehearsal" }).dblclick();
  await expect(page).toHaveURL(/rehearsal=/);
  await expect(page.getByTestId("panel-error-path").getByText("pass", { exact: true })).toBeVisible({ timeout: 30_000 });
  // give a second rehearsal, had one started, the time to write its runs
  await page.waitForTimeout(1500);
  const runs = await runsFor(request, id);
  expect(new Set(runs.map((r) => r.rehearsalId)).size).toBe(1);
  expect(runs).toHaveLength(2);
});

test("a double-click on Run smoke test starts one run", async ({ page, request, baseURL }) => {
  const id = await slowTarget(request, baseURL, "Double-click run target");
  await page.goto("/rehearse");
  await page.getByLabel("Target").selectOption({ label: "Double-click run target (primary)" });
  await page.getByLabel("Happy path only").check();
  await page.getByRole("button", { name: "Run smoke test" }).dblclick();
  await expect(page).toHaveURL(/run=/);
  await expect(page.getByTestId("panel-happy-path").getByText("pass", { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(1000);
  expect(await runsFor(request, id)).toHaveLength(1);
});
