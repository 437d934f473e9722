import path from "node:path";

/** Filesystem path of a `file:` DATABASE_URL (relative to the working directory). */
export function sqlitePath(url = process.env.DATABASE_URL ?? "file:./data/evidence.db") {
  return path.resolve(url.replace(/^file:/, "").split("?")[0]);
}
