// `npm start`: Finlink (API + Link, FINLINK_PORT, default 4010) and the demo app's BFF (APP_PORT, default
// 4020, serving the built SPA) side by side, each line prefixed with its name; Ctrl-C (or either one
// ending) stops both. Build first: `pnpm run build:apps`.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const appUrl = process.env.APP_URL ?? `http://localhost:${process.env.APP_PORT ?? 4020}`;
const services = [
  { name: "finlink", color: 36, args: ["--filter", "@finlink/server", "start"] },
  { name: "bff", color: 35, args: ["--filter", "@finlink/bff", "start"] },
];

const children = services.map(({ name, color, args }) => {
  const child = spawn("pnpm", ["--silent", ...args], { stdio: ["ignore", "pipe", "pipe"], env: process.env });
  const label = `\u001b[${color}m${name.padEnd(7)}\u001b[0m│ `;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => process.stdout.write(`${label}${line}\n`));
  }
  child.on("exit", (code, signal) => {
    process.stdout.write(`${label}exited (${signal ?? code})\n`);
    stopAll(code ?? 1);
  });
  return child;
});

let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  // Give both a moment to close their databases, then leave.
  setTimeout(() => process.exit(code), 3000).unref();
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

// Say where to go once the BFF answers.
const started = Date.now();
const poll = setInterval(async () => {
  try {
    const res = await fetch(`${appUrl}/api/me`);
    if (res.status < 500) {
      clearInterval(poll);
      process.stdout.write(`\nOpen ${appUrl}  (ready after ${((Date.now() - started) / 1000).toFixed(1)} s)\n\n`);
    }
  } catch {
    // not listening yet
  }
}, 250);
poll.unref();
