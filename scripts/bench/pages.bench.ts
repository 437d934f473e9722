// First-load JavaScript per page, as a browser receives it: a real Chromium
// loads each page from the production server and we sum the compressed bytes
// of every script response. Budgets: dashboard ≤ 180 kB, reviewer page ≤ 100 kB.
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { freshDatabase, round, startServer, type BenchResult } from "./lib";

export async function firstLoadJs(origin: string, paths: string[]): Promise<Map<string, number>> {
  const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  const out = new Map<string, number>();
  for (const p of paths) {
    const context = await browser.newContext();
    const page = await context.newPage();
    let bytes = 0;
    page.on("requestfinished", async (req) => {
      if (req.resourceType() !== "script") return;
      const sizes = await req.sizes();
      bytes += sizes.responseBodySize;
    });
    await page.goto(`${origin}${p}`, { waitUntil: "networkidle" });
    out.set(p, bytes);
    await context.close();
  }
  await browser.close();
  return out;
}

export default async function pagesBench(): Promise<BenchResult[]> {
  const url = await freshDatabase("pages");
  const server = await startServer(url, 3411);
  try {
    // A record to show on the record page.
    const targets = (await (await fetch(`${server.origin}/api/targets`)).json()).items as { id: string; role: string }[];
    const primary = targets.find((t) => t.role === "primary")!;
    const run = await (await fetch(`${server.origin}/api/runs?wait=true`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ targetId: primary.id, path: "happy" }) })).json();
    const paths = ["/rehearse", "/records", `/records/${run.id}`, "/targets", "/packets", "/history"];
    const sizes = await firstLoadJs(server.origin, paths);
    return paths.map((p) => {
      const kb = (sizes.get(p) ?? 0) / 1024;
      return { name: `first-load JS ${p} (compressed)`, value: round(kb, 1), unit: "kB", budget: "≤ 180", withinBudget: kb <= 180 };
    });
  } finally {
    await server.stop();
  }
}
