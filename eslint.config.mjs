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
  {
    // NOTE: Next compiles a lib/ module into several server bundles, so
    // module-level mutable state exists once per bundle, not once per process
    // (issue 9.3). Keep it in the registry: remember(name, init) from
    // lib/shared/registry.ts. Generated code is ignored above.
    files: ["lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "Program > VariableDeclaration > VariableDeclarator > NewExpression[callee.name=/^(Map|Set|WeakMap|WeakSet)$/]",
          message: "Module-level Map/Set exists once per Next bundle; keep process state in remember(name, init) (lib/shared/registry.ts).",
        },
        {
          selector: "Program > ExportNamedDeclaration > VariableDeclaration > VariableDeclarator > NewExpression[callee.name=/^(Map|Set|WeakMap|WeakSet)$/]",
          message: "Module-level Map/Set exists once per Next bundle; keep process state in remember(name, init) (lib/shared/registry.ts).",
        },
        {
          selector: "Program > VariableDeclaration[kind=/^(let|var)$/], Program > ExportNamedDeclaration > VariableDeclaration[kind=/^(let|var)$/]",
          message: "A module-level let/var is process state once per Next bundle; keep it in remember(name, init) (lib/shared/registry.ts).",
        },
      ],
    },
  },
]);
