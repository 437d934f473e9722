import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

// Issue 11.2: `npm run user:create -- --email … --role …` works from a shell; the first account is the owner.
describe("npm run user:create", () => {
  it("creates the owner first, then accounts with the role asked for; a bad role is refused", () => {
    const db = path.resolve("tests/.tmp/user-create.db");
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    const pw = path.resolve("tests/.tmp/user-create.pw");
    writeFileSync(pw, "shell-password-123\n");
    const run = (...args: string[]) =>
      execFileSync("npm", ["run", "-s", "user:create", "--", ...args, "--password-file", pw], { encoding: "utf8", env: { ...process.env, DATABASE_URL: `file:${db}`, LOG_LEVEL: "silent" } });
    expect(run("--email", "ana@example.com", "--role", "viewer")).toContain("Created ana@example.com as admin (owner).");
    expect(run("--email", "bob@example.com", "--role", "operator")).toContain("Created bob@example.com as operator.");
    expect(() => run("--email", "eve@example.com", "--role", "root")).toThrow();
    const rows = new Database(db, { readonly: true }).prepare('SELECT email, role, isOwner FROM "user" ORDER BY email').all();
    expect(rows).toEqual([
      { email: "ana@example.com", role: "admin", isOwner: 1 },
      { email: "bob@example.com", role: "operator", isOwner: 0 },
    ]);
    const hashes = new Database(db, { readonly: true }).prepare('SELECT password FROM "account"').all() as { password: string }[];
    for (const h of hashes) expect(h.password).not.toContain("shell-password-123");
  }, 120_000);
});
