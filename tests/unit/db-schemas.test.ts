import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { POSTGRES_SCHEMA, postgresSchemaText, SQLITE_SCHEMA } from "@/scripts/db-schema.mjs";

// Issue 13.1: one data model. The PostgreSQL schema is generated from the
// SQLite one; a model edited in one place only cannot reach main.
describe("the PostgreSQL schema is generated from prisma/schema.prisma", () => {
  it("the checked-in PostgreSQL schema is what the generator writes today", () => {
    expect(readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(postgresSchemaText());
  });

  it("only the provider and the client's output differ", () => {
    const sqlite = readFileSync(SQLITE_SCHEMA, "utf8").split("\n");
    const pgLines = readFileSync(POSTGRES_SCHEMA, "utf8").split("\n").slice(1);
    const differing = sqlite.map((l, i) => [l, pgLines[i]]).filter(([a, b]) => a !== b);
    expect(differing).toEqual([
      ['  output     = "../lib/generated/prisma"', '  output     = "../../lib/generated/prisma-pg"'],
      ['  provider = "sqlite"', '  provider = "postgresql"'],
    ]);
  });

  it("a schema without the SQLite provider line is refused, not silently copied", () => {
    expect(() => postgresSchemaText("model X { id Int @id }")).toThrow(/no longer contains/);
  });
});
