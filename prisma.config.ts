import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// NOTE: the JavaScript engines (engine: "js" + a driver adapter) keep every
// Prisma command offline — Prisma 7 and the Rust engines download binaries.
// See docs/decisions/001-prisma-js-engines-on-sqlite.md.
// The schema reads DATABASE_URL too, so the embedded default is set here.
process.env.DATABASE_URL ??= "file:./data/evidence.db";
const url = process.env.DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => new PrismaBetterSQLite3({ url }),
});
