// Builds the Next.js app when no build exists or the sources changed since the
// last one, so `npm start` always serves the code in the checkout.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const ROOTS = ["app", "components", "lib", "public", "instrumentation.ts", "proxy.ts", "next.config.mjs", "package.json", "package-lock.json", "postcss.config.mjs", "tsconfig.json", "prisma/schema.prisma"];
const STAMP = path.join(".next", ".source-fingerprint");

function walk(p, out) {
  if (!existsSync(p)) return;
  const st = statSync(p);
  if (st.isDirectory()) {
    for (const name of readdirSync(p).sort()) walk(path.join(p, name), out);
  } else if (p.startsWith(path.join("lib", "generated") + path.sep)) {
    // NOTE: the generated Prisma client by content, not mtime: `npm install`
    // regenerates it (same bytes, new mtime), which alone must not force a
    // build — but a client generated after the last build must.
    out.push(`${p}:${createHash("sha256").update(readFileSync(p)).digest("hex")}`);
  } else {
    out.push(`${p}:${st.size}:${Math.floor(st.mtimeMs)}`);
  }
}

export function sourceFingerprint() {
  const entries = [];
  for (const root of ROOTS) walk(root, entries);
  return createHash("sha256").update(entries.join("\n")).digest("hex");
}

export function buildIfNeeded({ force = false } = {}) {
  const fingerprint = sourceFingerprint();
  const built = existsSync(path.join(".next", "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === fingerprint;
  if (built && !force) return false;
  console.log("Building the app (first start or sources changed)…");
  execFileSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  writeFileSync(STAMP, fingerprint);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfNeeded({ force: process.argv.includes("--force") });
