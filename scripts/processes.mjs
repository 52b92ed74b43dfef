// Runs several long-lived commands side by side, each output line prefixed with the command's name; Ctrl-C
// (or any one of them ending) stops them all. Used by `npm start` (start-all.mjs) and `pnpm dev` (dev.mjs).
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/**
 * @param {{ name: string, color: number, command: string, args: string[], cwd?: string, env?: Record<string, string> }[]} services
 * @returns {{ stopAll: (code: number) => void }}
 */
export function runAll(services) {
  const width = Math.max(...services.map((s) => s.name.length));
  let stopping = false;
  const children = services.map(({ name, color, command, args, cwd, env }) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    const label = `\u001b[${color}m${name.padEnd(width)}\u001b[0m│ `;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => process.stdout.write(`${label}${line}\n`));
    }
    child.on("exit", (code, signal) => {
      process.stdout.write(`${label}exited (${signal ?? code})\n`);
      stopAll(code ?? 1);
    });
    return child;
  });
  function stopAll(code) {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    // Give each a moment to close its database, then leave.
    setTimeout(() => process.exit(code), 3000).unref();
  }
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));
  return { stopAll };
}

/** Prints "Open <url>" once `probe` (a URL) answers below 500, then each of `notes` on a line of its own. */
export function announceWhenUp(url, probe, notes = []) {
  const started = Date.now();
  const poll = setInterval(async () => {
    try {
      const res = await fetch(probe);
      if (res.status < 500) {
        clearInterval(poll);
        const ready = `Open ${url}  (ready after ${((Date.now() - started) / 1000).toFixed(1)} s)`;
        process.stdout.write(`\n${[ready, ...notes].join("\n")}\n\n`);
      }
    } catch {
      // not listening yet
    }
  }, 250);
  poll.unref();
}

/**
 * The console's line for the ready message: FINLINK_CONSOLE_URL, else FINLINK_HOST:FINLINK_CONSOLE_PORT (the same
 * default as apps/finlink/src/config.ts); none when the console is off.
 */
export function consoleNotes(env = process.env) {
  const port = env.FINLINK_CONSOLE_PORT ?? "4011";
  if (port === "off") return [];
  const url = (env.FINLINK_CONSOLE_URL ?? `http://${env.FINLINK_HOST ?? "127.0.0.1"}:${port}`).replace(/\/$/, "");
  return [`Operator console: ${url}/console  (make an operator first: \`finlink operators create\`, see the README)`];
}
