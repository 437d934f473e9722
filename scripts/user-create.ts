// `npm run user:create -- --email ana@example.com --role operator [--name Ana] [--password-file f]`
// Creates an account from a shell, through the same code as the app (Better
// Auth's sign-up and password hashing). The first account becomes the owner.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { migrate } from "./migrate.mjs";

const { values } = parseArgs({ options: { email: { type: "string" }, role: { type: "string", default: "viewer" }, name: { type: "string" }, "password-file": { type: "string" } } });

async function password(): Promise<string> {
  if (values["password-file"]) return readFileSync(values["password-file"], "utf8").trim();
  if (process.env.EVIDENCE_NEW_PASSWORD) return process.env.EVIDENCE_NEW_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const p = await rl.question("Password (at least 12 characters): ");
  rl.close();
  return p.trim();
}

async function main() {
  if (!values.email) throw new Error("--email is required");
  migrate({ quiet: true });
  const { AccountInputSchema, createUserFromShell } = await import("@/lib/auth/users");
  const { isRole } = await import("@/lib/auth/roles");
  if (!isRole(values.role)) throw new Error(`--role must be admin, operator or viewer (got ${values.role})`);
  const input = AccountInputSchema.parse({ name: values.name ?? values.email.split("@")[0], email: values.email, password: await password() });
  const user = await createUserFromShell({ ...input, role: values.role });
  console.log(`Created ${user.email} as ${user.role}${user.isOwner ? " (owner)" : ""}.`);
  process.exit(0);
}

main().catch((err: unknown) => {
  const issues = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  console.error(issues ? issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n") : `Could not create the user: ${(err as Error).message}`);
  process.exit(1);
});
