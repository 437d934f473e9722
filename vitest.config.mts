import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // NOTE: `server-only` throws outside React Server Components; tests are server code.
  "server-only": path.resolve(import.meta.dirname, "tests/setup/server-only-stub.ts"),
};

/**
 * Not run on PostgreSQL: files about SQLite itself, or whose mechanism is
 * SQLite's (each still runs in the SQLite project); and the PostgreSQL-engine
 * test, which starts its own cluster.
 */
const PG_EXCLUDED = [
  "tests/integration/postgres-engine.test.ts",
  "tests/integration/several-instances.test.ts", // starts its own cluster and two servers on it
  "tests/integration/db-faults.test.ts", // disk full / read-only SQLite file on a tmpfs
  "tests/integration/startup-failures.test.ts", // the SQLite path's startup checks
  "tests/integration/shared-state-server.test.ts", // starts its server on a SQLite file
  "tests/integration/run-watchdog.test.ts", // stalls a write behind SQLite's one serialized connection
  "tests/integration/run-writes.test.ts", // compares storage with SQLite's typeof(); holds the one connection
  "tests/integration/schedule-scheduler.test.ts", // a second process is a second SQLite client on the file
  "tests/integration/smoke-engine.test.ts", // canary search reads the SQLite file and its WAL
  "tests/integration/notify-webhook.test.ts", // restarts its own server on a SQLite file (kill -9 / SIGTERM) and reads the file for canaries
];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-setup.ts"],
          setupFiles: ["tests/setup/worker-db.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The same integration suite on a real PostgreSQL server (issue 13.2),
        // except the files about SQLite itself and the one that starts its own cluster.
        resolve: { alias },
        test: {
          name: "integration-pg",
          include: ["tests/integration/**/*.test.ts"],
          exclude: PG_EXCLUDED,
          environment: "node",
          env: { TEST_DATABASE: "postgresql" },
          globalSetup: ["tests/setup/global-setup-pg.ts"],
          setupFiles: ["tests/setup/worker-db.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
