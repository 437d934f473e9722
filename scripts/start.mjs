// `npm start`: apply migrations, build if needed, then serve on HOST:PORT
// (127.0.0.1:3000 by default — there is no access control yet).
import { spawn } from "node:child_process";
import { migrate } from "./migrate.mjs";
import { buildIfNeeded } from "./build-if-needed.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const host = process.env.HOST || "127.0.0.1";
const port = process.env.PORT || "3000";

const file = migrate();
console.log(`Database ready: ${file}`);
buildIfNeeded();

const child = spawn(process.execPath, ["scripts/server.mjs"], {
  stdio: "inherit",
  env: { ...process.env, HOST: host, PORT: port },
});
console.log(`Evidence Packet on http://${host}:${port}`);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
