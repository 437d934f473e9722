// Production server for the Playwright journeys: a fresh SQLite file through
// the real migrations, a production build, `next start` on E2E_PORT.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { migrate } from "./migrate.mjs";
import { buildIfNeeded } from "./build-if-needed.mjs";

const port = process.env.E2E_PORT;
if (!port) throw new Error("E2E_PORT is not set (playwright.config.ts picks a free one)");
const db = path.resolve("tests/.tmp/e2e.db");
for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
process.env.DATABASE_URL = `file:${db}`;
process.env.NEXT_TELEMETRY_DISABLED = "1";
migrate({ quiet: true });
buildIfNeeded();
const child = spawn(process.execPath, ["scripts/server.mjs"], {
  stdio: "inherit",
  // A canary credential the journeys check for in every page they render.
  // The journeys name these credential variables (decision 061); egress stays the production default.
  env: { ...process.env, HOST: "127.0.0.1", PORT: port, SCHEDULER: "off", E2E_CANARY_KEY: "sk-e2e-canary-7Hq2Lm9Xv4Rt8Wz1", EVIDENCE_CREDENTIAL_VARS: "E2E_CANARY_KEY,COMETAPI_KEY",
    // The owner the journeys sign in as (tests/e2e/auth.setup.ts); same values as tests/fixtures/prod-server.ts OWNER.
    EVIDENCE_OWNER_EMAIL: "owner@e2e.local", EVIDENCE_OWNER_PASSWORD: "e2e-owner-password-1",
    // The revocation journeys send hundreds of reviewer requests a minute from one address; the limit itself is tested on a server of its own.
    SHARE_RATE_LIMIT: "100000",
    // The signing secret the Notifications page's webhook channel names (tests/fixtures/notify.ts); the notification journey runs a server of its own.
    NOTIFY_E2E_SECRET: "notify-e2e-layout-secret-8Rw3Ty6Ui9" },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
