import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import os from "node:os";
import { delimiter, join } from "node:path";
import { FINLINK_UNSET_ENV, REPO_ROOT } from "../e2e/servers";
import { groupAlive, killGroup } from "./processes";

/** The bench's own ports (the e2e servers use 4710–4719). */
export const FINLINK_PORT = 4810;
export const APP_PORT = 4820;
export const FINLINK_URL = `http://127.0.0.1:${FINLINK_PORT}`;
export const APP_URL = `http://localhost:${APP_PORT}`;

/** What to spawn from the repo root: all of `npm start` after its install, or the two servers alone. */
const COMMANDS = {
  "start:all": { file: "pnpm", args: ["run", "start:all"] },
  servers: { file: process.execPath, args: ["scripts/start-all.mjs"] },
} as const;
export type StackCommand = keyof typeof COMMANDS;

/** Wall-clock milliseconds with a fraction, comparable with a page's `performance.timeOrigin + performance.now()`. */
export const epochNow = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Stack {
  /** `epochNow()` just before the spawn. */
  startedAt: number;
  /** Throws (with the end of the servers' output) once the process group's leader has exited. */
  assertRunning(): void;
  /** Resolves at `epochNow()` once `ready` says yes about a GET of `url`; polled every 25 ms. */
  waitFor(url: string, ready: (res: Response) => boolean | Promise<boolean>, timeoutMs?: number): Promise<number>;
  /** Ends the whole process group (SIGTERM, SIGKILL after 15 s) and removes the data directories. */
  stop(): Promise<void>;
}

/** Refuses to start when something already listens on a bench port: it would be measured instead. */
async function assertPortFree(port: number): Promise<void> {
  const taken = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
  if (taken) throw new Error(`port ${port} is taken: stop what listens there first`);
}

async function killGroupOrThrow(pid: number): Promise<void> {
  await killGroup(pid);
  if (groupAlive(pid)) throw new Error(`process group ${pid} survived SIGKILL`);
}

/** `npm start`'s environment with the bench's ports and fresh data directories under `dir`. */
function stackEnv(dir: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [...FINLINK_UNSET_ENV, "APP_DATABASE_URL"]) delete env[name];
  return {
    ...env,
    // What `npm start` puts first on the PATH, so `pnpm` is the repository's pinned one.
    PATH: `${REPO_ROOT}node_modules/.bin${delimiter}${env.PATH ?? ""}`,
    FINLINK_PORT: String(FINLINK_PORT),
    // No console: the bench measures the API, and a second listener on the default 4011 could clash.
    FINLINK_CONSOLE_PORT: "off",
    APP_PORT: String(APP_PORT),
    APP_URL,
    FINLINK_URL,
    FINLINK_SANDBOX_REDIRECT_URI: `${APP_URL}/link/callback`,
    // The sandbox app's webhooks go to this BFF, as npm start's defaults send them to its own.
    FINLINK_SANDBOX_WEBHOOK_URL: `${APP_URL}/webhooks/finlink`,
    FINLINK_DATA_DIR: join(dir, "finlink"),
    APP_DATA_DIR: join(dir, "bff"),
  };
}

/**
 * Spawns `command` from the repo root in a process group of its own (detached), on fresh data directories
 * in a temporary directory, its output in a log file there. A Ctrl-C of the bench ends the group too.
 */
export async function startStack(command: StackCommand): Promise<Stack> {
  await assertPortFree(FINLINK_PORT);
  await assertPortFree(APP_PORT);
  const dir = mkdtempSync(join(os.tmpdir(), "finlink-bench-stack-"));
  const logFile = join(dir, "stack.log");
  const log = openSync(logFile, "a");
  const { file, args } = COMMANDS[command];
  const startedAt = epochNow();
  const child = spawn(file, args, { cwd: REPO_ROOT, env: stackEnv(dir), detached: true, stdio: ["ignore", log, log] });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn ${file}`);
  let exit: string | undefined;
  child.once("exit", (code, signal) => {
    exit = `${signal ?? code}`;
  });

  const tail = () => readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");
  const assertRunning = () => {
    if (exit !== undefined) throw new Error(`\`${[file, ...args].join(" ")}\` exited (${exit}):\n${tail()}`);
  };
  const waitFor: Stack["waitFor"] = async (url, ready, timeoutMs = 300_000) => {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(25)) {
      assertRunning();
      const res = await fetch(url).catch(() => undefined);
      const at = epochNow();
      const ok = res !== undefined && (await ready(res));
      await res?.body?.cancel().catch(() => undefined);
      if (ok) return at;
    }
    throw new Error(`${url} not ready after ${timeoutMs / 1000} s:\n${tail()}`);
  };
  // One stop, however many ask for it (a Ctrl-C and the bench's own cleanup): each waits for all of it.
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      try {
        await killGroupOrThrow(pid);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        process.off("SIGINT", interrupted);
      }
    })();
    return stopping;
  };
  const interrupted = () => void stop().finally(() => process.exit(130));
  // Kept until the stop is done: a second Ctrl-C must not end the bench before the group and the directory.
  process.on("SIGINT", interrupted);
  return { startedAt, assertRunning, waitFor, stop };
}

/** The BFF answers its SPA's index page: 200, HTML. */
export const isHtml = (res: Response) =>
  res.status === 200 && (res.headers.get("content-type") ?? "").startsWith("text/html");

/** Finlink answers its API (the OpenAPI document is public). */
export const FINLINK_READY_URL = `${FINLINK_URL}/api/v1/openapi.json`;
