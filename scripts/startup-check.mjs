// Startup failures that explain themselves (issue 12 item 8): before the
// migrations run, check that the database path can be created and written,
// and turn what fails into one line — what is wrong, which path, what to do.
import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export class StartupProblem extends Error {}

const problem = (what, todo) => new StartupProblem(`Evidence Packet cannot start: ${what} ${todo}`);

/** Throws a StartupProblem when the SQLite file at `file` cannot be created or written. */
export function checkDatabasePath(file) {
  // The nearest existing ancestor must be a directory.
  let dir = path.dirname(file);
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  if (!statSync(dir).isDirectory()) {
    throw problem(`the database path ${file} is inside ${dir}, which is a file, not a directory.`, "Set DATABASE_URL to a file in a directory (e.g. file:./data/evidence.db), or move that file away.");
  }
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (err) {
    throw problem(`the directory ${path.dirname(file)} for the database cannot be created (${err.code ?? err.message}).`, "Create it, or set DATABASE_URL to a file in a writable directory.");
  }
  if (existsSync(file) && !statSync(file).isFile()) {
    throw problem(`the database path ${file} is a directory, not a file.`, "Set DATABASE_URL to a file path (e.g. file:./data/evidence.db).");
  }
  writeProbe(file);
}

/** A write that is rolled back: proves the file (and its directory, for the WAL) take writes. */
function writeProbe(file) {
  const readOnly = (detail) =>
    problem(`the database ${file} is read-only (${detail}).`, "Make the file and its directory writable by the user running the server (check permissions and the mount), or set DATABASE_URL to a writable copy.");
  try {
    accessSync(path.dirname(file), constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.W_OK);
  } catch (err) {
    throw readOnly(err.code ?? "not writable");
  }
  const Database = require("better-sqlite3");
  let db;
  try {
    db = new Database(file, { timeout: 5000 });
    const version = db.pragma("user_version", { simple: true });
    db.exec("BEGIN IMMEDIATE");
    db.pragma(`user_version = ${Number(version)}`);
    db.exec("ROLLBACK");
  } catch (err) {
    const code = String(err.code ?? "");
    if (/READONLY|CANTOPEN|EROFS|EACCES|PERM/.test(code) || /read-?only/i.test(err.message)) throw readOnly(code || "cannot write");
    if (/NOTADB|CORRUPT/.test(code)) throw problem(`the file ${file} is not a usable SQLite database (${code}).`, "Point DATABASE_URL at the right file, or move this one away to start with a new database.");
    if (/BUSY|LOCKED/.test(code)) throw problem(`the database ${file} is locked by another process (${code}).`, "Stop the other process (another server on the same file?) and start again.");
    throw problem(`the database ${file} cannot be opened for writing (${code || err.message}).`, "Check the path, the permissions and the free disk space.");
  } finally {
    db?.close();
  }
}
