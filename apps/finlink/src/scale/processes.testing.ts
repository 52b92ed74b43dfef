import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SANDBOX_DEFAULTS } from "../config";

const appDir = fileURLToPath(new URL("../../", import.meta.url));

export interface FinlinkProcess {
  child: ChildProcess;
  /** Every JSON log line so far, parsed. */
  lines: Record<string, unknown>[];
  /** Everything on stderr and every line stdout had that was not JSON. */
  errors: string[];
  /** Resolves with the first log line whose `msg` is `msg`; rejects if the process exits first. */
  waitFor(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown of any kind, as a crash or an OOM kill. */
  kill(signal?: NodeJS.Signals): void;
}

/** Starts `finlink <args>` as its own process (tsx, as `npm start` does) with `env` added. */
export function startFinlink(args: string[], env: Record<string, string>): FinlinkProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: appDir,
    // No console listener by default: several API processes at once would all want its port (4011).
    env: { ...process.env, LOG_LEVEL: "info", FINLINK_CONSOLE_PORT: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Record<string, unknown>[] = [];
  const errors: string[] = [];
  const listeners = new Set<() => void>();
  let buffered = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        errors.push(part);
      }
    }
    for (const listener of listeners) listener();
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => errors.push(chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    errors,
    exited,
    kill: (signal = "SIGKILL") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    waitFor: (msg, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find((l) => l.msg === msg);
          if (!line) return;
          done();
          resolve(line);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no "${msg}" within ${timeoutMs} ms: ${errors.join("").slice(0, 2000)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        exited.then(({ code, signal }) => {
          if (!listeners.has(check)) return;
          done();
          reject(new Error(`exited (${code ?? signal}) before "${msg}": ${errors.join("").slice(0, 2000)}`));
        });
        check();
      }),
  };
}

/** Logs the sandbox app in at `api` (a process's base URL) and answers its API token. */
export async function sandboxToken(api: string): Promise<string> {
  const res = await fetch(`${api}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ clientId: SANDBOX_DEFAULTS.clientId, clientSecret: SANDBOX_DEFAULTS.clientSecret }),
  });
  if (res.status !== 200) throw new Error(`login at ${api}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/**
 * Polls `check` every 100 ms until it answers something truthy. With `tolerateErrors`, a check that throws
 * counts as "not yet" (while a database is restarting); otherwise the error ends the wait.
 */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  options: { timeoutMs?: number; tolerateErrors?: boolean } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const value = options.tolerateErrors ? await check().catch(() => undefined) : await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
