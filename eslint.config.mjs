import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", "lib/generated/**", "test-results/**", "playwright-report/**", "tests/.tmp/**", "next-env.d.ts", "bench-results/**"]),
  {
    // Boundaries you can see: presentational code never reaches server-only
    // modules, and lib/ never reaches into app/ or components/.
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./components", from: "./lib/db.ts", message: "components/ must not import the database client." },
            { target: "./components", from: "./lib/generated", message: "components/ must not import Prisma." },
            { target: "./lib", from: "./app", message: "lib/ must not import app/." },
            { target: "./lib", from: "./components", message: "lib/ must not import components/." },
          ],
        },
      ],
      "import/no-cycle": ["error", { maxDepth: 4, ignoreExternal: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
]);
