// Installs what the tests need: a Chromium for Playwright, jq and curl, and
// a PostgreSQL server (tests on PostgreSQL start a throwaway cluster of their
// own with scripts/pg-cluster.mjs; the machine's cluster is left alone).
// Debian's package when we can (no browser download from the internet),
// Playwright's own browser otherwise.
import { execSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

const explicit = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
if (explicit && existsSync(explicit)) {
  console.log(`Using PLAYWRIGHT_CHROMIUM_EXECUTABLE=${explicit}`);
} else if (existsSync("/usr/bin/chromium")) {
  console.log("Using Debian's Chromium at /usr/bin/chromium");
} else if (process.platform === "linux" && existsSync("/usr/bin/apt-get") && process.getuid?.() === 0) {
  console.log("Installing Debian's chromium…");
  execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium", { stdio: "inherit" });
} else {
  console.log("Installing Playwright's Chromium…");
  execSync("npx playwright install chromium", { stdio: "inherit" });
}

// jq: the README's hash check (`jq -cjS .document packet.json | sha256sum`)
// is tested against the real tool (tests/unit/export-safety.test.ts); curl:
// the README's CI examples with an API token are run as written (tests/e2e/access.spec.ts).
for (const tool of ["jq", "curl"]) {
  let has = true;
  try {
    execSync(`${tool} --version`, { stdio: "ignore" });
  } catch {
    has = false;
  }
  if (!has && process.platform === "linux" && existsSync("/usr/bin/apt-get") && process.getuid?.() === 0) {
    console.log(`Installing Debian's ${tool}…`);
    execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${tool}`, { stdio: "inherit" });
  } else if (!has) {
    console.log(`Install ${tool} (e.g. \`apt-get install ${tool}\`): a test runs the README's command with it.`);
  }
}

// PostgreSQL: Debian's server package (PostgreSQL 15 on bookworm).
const hasPostgres = existsSync("/usr/lib/postgresql") && readdirSync("/usr/lib/postgresql").some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
if (hasPostgres) {
  console.log("Using the installed PostgreSQL server binaries");
} else if (process.platform === "linux" && existsSync("/usr/bin/apt-get") && process.getuid?.() === 0) {
  console.log("Installing Debian's postgresql…");
  execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql", { stdio: "inherit" });
} else {
  console.log("Install PostgreSQL's server (e.g. `apt-get install postgresql`): the PostgreSQL tests start a throwaway cluster with it.");
}
