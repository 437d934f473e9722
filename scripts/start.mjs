// `npm start`: apply migrations, build if needed, then serve on HOST:PORT
// (127.0.0.1:3000 by default). Everything but the share page, health and
// the sandbox needs a signed-in user or an API token; the first visit creates the owner.
import { spawn } from "node:child_process";
import { migrate } from "./migrate.mjs";
import { buildIfNeeded } from "./build-if-needed.mjs";
import { databaseEngine, redactedUrl, sqlitePath } from "./db-path.mjs";
import { checkDatabasePath, StartupProblem } from "./startup-check.mjs";

const firstLine = (err) => String(err?.message ?? err).split("\n").find((l) => l.trim()) ?? "unknown error";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const host = process.env.HOST || "127.0.0.1";
const port = process.env.PORT || "3000";

process.env.DATABASE_URL ??= "file:./data/evidence.db";
let file;
try {
  if (databaseEngine() === "sqlite") checkDatabasePath(sqlitePath());
  file = migrate();
} catch (err) {
  // One line: what is wrong, which path, what to do (no stack trace).
  const where = databaseEngine() === "sqlite" ? sqlitePath() : redactedUrl();
  console.error(err instanceof StartupProblem ? err.message : `Evidence Packet cannot start: applying the database migrations to ${where} failed (${firstLine(err)}). Check DATABASE_URL and the output above.`);
  process.exit(1);
}
console.log(`Database ready: ${file}`);
buildIfNeeded();

const child = spawn(process.execPath, ["scripts/server.mjs"], {
  stdio: "inherit",
  env: { ...process.env, HOST: host, PORT: port },
});
console.log(`Evidence Packet on http://${host}:${port}`);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
