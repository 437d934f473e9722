import "server-only";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { remember } from "@/lib/shared/registry";
import { databaseEngine, sqlitePath } from "@/scripts/db-path.mjs";

/**
 * BETTER_AUTH_SECRET, or one generated on first start and kept next to the
 * SQLite file (mode 0600), so sessions survive restarts with no setup. A
 * team deployment should set it (README "Deploying for a team").
 */
export function authSecret(): string {
  return remember("auth.secret", () => {
    const fromEnv = env().BETTER_AUTH_SECRET;
    if (fromEnv) return fromEnv;
    // NOTE: on PostgreSQL the secret file is ./data/auth-secret; instances behind
    // one load balancer must share BETTER_AUTH_SECRET (README "Scaling out").
    const url = env().DATABASE_URL;
    const dir = databaseEngine(url) === "sqlite" ? path.dirname(sqlitePath(url)) : path.resolve("data");
    const file = path.join(dir, "auth-secret");
    try {
      return readFileSync(file, "utf8").trim();
    } catch {
      mkdirSync(dir, { recursive: true });
      try {
        // NOTE: "wx" — if two processes start at once, one writes, both read the same value.
        writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
      } catch {
        // another process wrote it first
      }
      chmodSync(file, 0o600);
      return readFileSync(file, "utf8").trim();
    }
  });
}
