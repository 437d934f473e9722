import path from "node:path";

/** Filesystem path of a `file:` DATABASE_URL (relative to the working directory). */
export function sqlitePath(url = process.env.DATABASE_URL ?? "file:./data/evidence.db") {
  return path.resolve(url.replace(/^file:/, "").split("?")[0]);
}

/** Which engine a DATABASE_URL selects: `postgresql://` (or `postgres://`) is PostgreSQL, anything else the SQLite file. */
export function databaseEngine(url = process.env.DATABASE_URL ?? "file:./data/evidence.db") {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgresql" : "sqlite";
}

/** The URL with any password replaced, for messages. */
export function redactedUrl(url = process.env.DATABASE_URL ?? "") {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
