import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // NOTE: `server-only` throws outside React Server Components; tests are server code.
  "server-only": path.resolve(import.meta.dirname, "tests/setup/server-only-stub.ts"),
};

/** SQLite-specific files (disk-full faults, the file's startup checks, one connection's lock) and the PostgreSQL-engine test itself. */
const PG_EXCLUDED = [
  "tests/integration/postgres-engine.test.ts",
  "tests/integration/db-faults.test.ts",
  "tests/integration/startup-failures.test.ts",
  "tests/integration/shared-state-server.test.ts",
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
