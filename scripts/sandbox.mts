// `npm run sandbox -- --port 4010`: the sandbox provider on its own port.
import { startSandboxServer } from "../lib/smoke/sandbox-server.ts";
import { SANDBOX_SCENARIOS } from "../lib/smoke/sandbox.ts";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

const port = Number(arg("port") ?? process.env.SANDBOX_PORT ?? 4010);
const host = arg("host") ?? "127.0.0.1";
const { baseUrl } = await startSandboxServer(port, host);
console.log(`Sandbox provider on ${baseUrl} (any non-empty Bearer credential)`);
console.log(`Scenarios (model field): ${SANDBOX_SCENARIOS.map((s) => s.model).join(", ")}`);
