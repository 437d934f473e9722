// Shared helpers for `npm run bench`. Budgets are reported, never asserted:
// each benchmark returns medians/p95s and a ratio against a baseline taken in
// the same run.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";


export type BenchResult = {
  name: string;
  value: number;
  unit: string;
  budget?: string;
  withinBudget?: boolean;
  detail?: string;
};

export function quantile(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[idx];
}
export const median = (s: number[]) => quantile(s, 0.5);
export const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** A fresh, migrated SQLite file under bench-results/. */
export async function freshDatabase(name: string): Promise<string> {
  const dir = path.resolve("bench-results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.db`);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = `file:${file}`;
  const { migrate } = await import("../migrate.mjs");
  migrate({ quiet: true });
  // NOTE: assigning undefined to process.env stores the string "undefined".
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
  return `file:${file}`;
}

/** The production server on a port, against a given database. */
export const BENCH_OWNER = { email: "bench@bench.local", password: "bench-owner-password-1" } as const;

/**
 * The bench's requests are a signed-in owner's (issue 11): sign in over HTTP,
 * then every `fetch` to this origin without credentials carries the session
 * cookie, so the benches measure the authenticated path users take.
 */
async function signInForBench(origin: string): Promise<string> {
  const res = await fetch(`${origin}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin }, body: JSON.stringify(BENCH_OWNER) });
  if (!res.ok) throw new Error(`bench sign-in failed: ${res.status}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const plain = globalThis.fetch;
  globalThis.fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(origin)) return plain(input, init);
    const headers = new Headers(init.headers);
    if (!headers.has("cookie") && !headers.has("authorization") && !headers.has("x-bench-anonymous")) headers.set("cookie", cookie);
    headers.delete("x-bench-anonymous");
    return plain(input, { ...init, headers });
  };
  return cookie;
}

export async function startServer(databaseUrl: string, port: number, extraEnv: Record<string, string> = {}): Promise<{ origin: string; cookie: string; stop: () => Promise<void> }> {
  const { buildIfNeeded } = await import("../build-if-needed.mjs");
  buildIfNeeded();
  const child: ChildProcess = spawn(process.execPath, ["scripts/server.mjs"], {
    stdio: "ignore",
    env: { ...process.env, DATABASE_URL: databaseUrl, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", SCHEDULER: "off", NEXT_TELEMETRY_DISABLED: "1", EVIDENCE_OWNER_EMAIL: BENCH_OWNER.email, EVIDENCE_OWNER_PASSWORD: BENCH_OWNER.password,
      // The limiter still runs (its cost is in the figures); its limit is out of the way of a load generator.
      SHARE_RATE_LIMIT: "1000000000", ...extraEnv },
  });
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(`${origin}/api/health`);
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  const cookie = await signInForBench(origin);
  return {
    origin,
    cookie,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** The sandbox provider as a process of its own on a random port above `base` (the runner and streaming benches). */
export async function startSandbox(base: number): Promise<{ baseUrl: string; stop: () => void }> {
  const port = base + Math.floor(Math.random() * 1000);
  const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/sandbox.mts", "--port", String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve) => child.stdout!.on("data", (d: Buffer) => d.toString().includes("Sandbox provider on") && resolve()));
  return { baseUrl: `http://127.0.0.1:${port}/v1`, stop: () => child.kill("SIGTERM") };
}
