import { mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";

// Issue 15 items 6 and 7: full-page screenshots of History (one or two days
// of data, a fallback that served legs), the packet editor and a record page
// at 390 and 1280 px, for a person to look at. Written only with
// WORDS_SHOTS=<dir>; the checks live in words.spec.ts.

const dir = process.env.WORDS_SHOTS;
const tag = process.env.WORDS_TAG ?? "after";

test("screenshots of History, the packet editor and a record page", async ({ page, request, baseURL }) => {
  test.skip(!dir, "screenshots only when WORDS_SHOTS names a folder");
  test.slow();
  mkdirSync(dir!, { recursive: true });
  const targets = (await (await request.get("/api/targets")).json()).items as { id: string; name: string; role: string }[];
  const primary = targets.find((t) => t.name === "Sandbox primary")!;
  const fallback = targets.find((t) => t.role === "fallback")!;
  const flaky = await request.post("/api/targets", {
    data: { name: "Shots flaky primary", role: "primary", baseUrl: `${baseURL}/api/sandbox/v1`, model: "always-503", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "staging", backoffBaseMs: 10, backoffMaxMs: 20, fallbackTargetId: fallback.id },
  });
  expect(flaky.status()).toBe(201);
  const flakyId = (await flaky.json()).id as string;
  for (let i = 0; i < 2; i++) expect((await request.post("/api/runs?wait=true", { data: { targetId: flakyId, path: "happy" } })).ok()).toBe(true);
  const rehearsal = await (await request.post("/api/rehearsals?wait=true", { data: { targetId: primary.id } })).json();
  const packet = await (await request.post("/api/packets", { data: { title: "Shots: chat completions 401 on sandbox primary", rehearsalId: rehearsal.id } })).json();

  const pages: [string, string][] = [
    ["history", "/history"],
    ["packet-editor", `/packets/${packet.id}`],
    ["record", `/records/${rehearsal.error.id}`],
    ["records", "/records"],
    ["rehearse", "/rehearse"],
    ["targets", "/targets"],
    ["packets", "/packets"],
  ];
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [name, path] of pages) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${dir}/${name}-${tag}-${width}.png`, fullPage: true });
      // The top of the page at readable size (full pages shrink when viewed).
      await page.screenshot({ path: `${dir}/${name}-${tag}-${width}-top.png`, fullPage: true, clip: { x: 0, y: 0, width, height: 1400 } });
      if (name === "packet-editor") await page.getByTestId("sec-summary").screenshot({ path: `${dir}/${name}-summary-${tag}-${width}.png` });
    }
  }
});
