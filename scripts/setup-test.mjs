// Installs what the end-to-end tests need: a Chromium for Playwright.
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
