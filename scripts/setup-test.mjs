// Installs what the tests need: a Chromium for Playwright, and jq.
// Debian's package when we can (no browser download from the internet),
// Playwright's own browser otherwise.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

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
// is tested against the real tool (tests/unit/export-safety.test.ts).
const hasJq = (() => {
  try {
    execSync("jq --version", { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!hasJq && process.platform === "linux" && existsSync("/usr/bin/apt-get") && process.getuid?.() === 0) {
  console.log("Installing Debian's jq…");
  execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq", { stdio: "inherit" });
} else if (!hasJq) {
  console.log("Install jq (e.g. `apt-get install jq` or `brew install jq`): one test checks the README's hash command with it.");
}
