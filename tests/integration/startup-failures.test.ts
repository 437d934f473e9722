import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// Issue 12 item 8: `npm start` (scripts/start.mjs) with a database it cannot
// use ends with one line — what is wrong, which path, what to do — and a
// non-zero exit, before it builds or serves anything.

const dir = path.resolve("tests/.tmp/startup");
const mount = path.join(dir, "ro-mount");

function start(databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: "1", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // A start that got past the database would build and serve: not what we want here.
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

afterAll(() => {
  try {
    execFileSync("umount", [mount], { stdio: "ignore" });
  } catch {
    // not mounted
  }
});

describe("startup failures explain themselves", () => {
  it("a database path whose parent is a file", async () => {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "not-a-dir");
    writeFileSync(file, "I am a file\n");
    const db = path.join(file, "evidence.db");
    const r = await start(`file:${db}`);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toBe(
      `Evidence Packet cannot start: the database path ${db} is inside ${file}, which is a file, not a directory. Set DATABASE_URL to a file in a directory (e.g. file:./data/evidence.db), or move that file away.`,
    );
    expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  }, 30_000);

  it("a read-only database (on a read-only mount)", async () => {
    mkdirSync(mount, { recursive: true });
    try {
      execFileSync("umount", [mount], { stdio: "ignore" });
    } catch {
      // not mounted
    }
    // Needs root to mount (CI runs as root); the parent-is-a-file case needs nothing.
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mount]);
    const db = path.join(mount, "evidence.db");
    execFileSync(process.execPath, ["scripts/migrate.mjs"], { env: { ...process.env, DATABASE_URL: `file:${db}` }, stdio: "ignore" });
    execFileSync("mount", ["-o", "remount,ro", mount]);
    const r = await start(`file:${db}`);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Evidence Packet cannot start: the database ${db.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is read-only \\(\\w+\\)\\. Make the file and its directory writable`));
    rmSync(path.join(dir, "not-a-dir"), { force: true });
  }, 30_000);
});
