// One source of truth for the data model: prisma/schema.prisma (SQLite, the
// embedded default). The PostgreSQL schema is generated from it — only the
// datasource provider and the client's output folder differ — and checked in,
// so `prisma generate` and `prisma migrate diff` can read it offline.
// `node scripts/db-schema.mjs` writes it; `--check` fails if it is stale
// (tests/unit/db-schemas.test.ts). docs/decisions/100-two-engines.md.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SQLITE_SCHEMA = path.join(root, "prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join(root, "prisma", "postgresql", "schema.prisma");

export function postgresSchemaText(sqliteText = readFileSync(SQLITE_SCHEMA, "utf8")) {
  const swap = (text, from, to) => {
    if (!text.includes(from)) throw new Error(`prisma/schema.prisma no longer contains ${from}`);
    return text.replace(from, to);
  };
  let s = sqliteText;
  s = swap(s, 'output     = "../lib/generated/prisma"', 'output     = "../../lib/generated/prisma-pg"');
  s = swap(s, 'provider = "sqlite"', 'provider = "postgresql"');
  return `// GENERATED from prisma/schema.prisma by scripts/db-schema.mjs: edit that file, then run \`node scripts/db-schema.mjs\`.\n${s}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const want = postgresSchemaText();
  if (process.argv.includes("--check")) {
    let have = "";
    try {
      have = readFileSync(POSTGRES_SCHEMA, "utf8");
    } catch {}
    if (have !== want) {
      console.error("prisma/postgresql/schema.prisma is out of date: run `node scripts/db-schema.mjs`.");
      process.exit(1);
    }
  } else {
    mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
    writeFileSync(POSTGRES_SCHEMA, want);
    console.log(`wrote ${path.relative(root, POSTGRES_SCHEMA)}`);
  }
}
