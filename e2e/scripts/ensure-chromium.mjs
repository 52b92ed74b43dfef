// Playwright cannot download its own browsers here: the tests drive Debian's Chromium instead.
// This makes sure it is installed, installing it with apt when we are root; it never downloads Playwright's browsers.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";

function run(command, args) {
  // CI has no terminal: debconf must not stop to ask anything.
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`ensure-chromium: \`${command} ${args.join(" ")}\` failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

if (!existsSync(CHROMIUM)) {
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (!isRoot || !hasApt) {
    console.error(
      `ensure-chromium: ${CHROMIUM} is missing. Install Debian's Chromium first: \`sudo apt-get update && sudo apt-get install -y chromium\`.`,
    );
    process.exit(1);
  }
  console.log(`ensure-chromium: ${CHROMIUM} is missing; installing Debian's chromium package…`);
  run("apt-get", ["update"]);
  run("apt-get", ["install", "-y", "chromium"]);
}
