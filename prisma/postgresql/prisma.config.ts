import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The PostgreSQL twin of prisma.config.ts, for `prisma generate` of the
// PostgreSQL client (postinstall). Migrations on PostgreSQL are applied by
// scripts/migrate-pg.mjs, not `prisma migrate` (docs/decisions/100).
// NOTE: the CLI reads the schema's env("DATABASE_URL") first and falls back
// to the Rust engine (a download) when it is missing or of another engine:
// generation needs no server, so a placeholder stands in for a SQLite URL.
if (!/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")) process.env.DATABASE_URL = "postgresql://localhost/evidence";
const connectionString = process.env.DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "migrations") },
  adapter: async () => new PrismaPg({ connectionString }),
});
