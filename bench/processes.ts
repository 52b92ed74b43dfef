import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Spawned {
  child: ChildProcess;
  /** The last lines the process printed (stdout and stderr), for an error message. */
  tail(): string;
  /** SIGTERM to its process group, SIGKILL after 15 s; resolves once the group is gone. */
  stop(): Promise<void>;
}

/** True while any process of group `pid` exists. */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** SIGTERM to process group `pid`, SIGKILL after 15 s; resolves once the group is gone (or SIGKILL's 5 s passed). */
export async function killGroup(pid: number): Promise<void> {
  for (const [signal, waitMs] of [
    ["SIGTERM", 15_000],
    ["SIGKILL", 5_000],
  ] as const) {
    if (!groupAlive(pid)) return;
    process.kill(-pid, signal);
    for (const deadline = Date.now() + waitMs; Date.now() < deadline && groupAlive(pid); ) await sleep(50);
  }
}

/** Spawns `file args` in a process group of its own, keeping its last 40 lines of output; Ctrl-C ends it too. */
export function spawnGroup(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Spawned {
  const child = spawn(file, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream }).on("line", (line) => {
      lines.push(line);
      if (lines.length > 40) lines.shift();
    });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn ${file}`);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await killGroup(pid);
      process.off("SIGINT", interrupted);
    })();
    return stopping;
  };
  const interrupted = () => void stop().finally(() => process.exit(130));
  process.on("SIGINT", interrupted);
  return { child, tail: () => lines.join("\n"), stop };
}

/** The first line of the process's stdout that parses as JSON: what a bench server prints once it listens. */
export function firstJsonLine<T>(spawned: Spawned, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no JSON line after ${timeoutMs} ms:\n${spawned.tail()}`)),
      timeoutMs,
    );
    spawned.child.once("exit", (code) => reject(new Error(`exited (${code}) before listening:\n${spawned.tail()}`)));
    createInterface({ input: spawned.child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      try {
        const value = JSON.parse(line) as T;
        clearTimeout(timer);
        resolve(value);
      } catch {
        // not the line we wait for
      }
    });
  });
}

/** Polls `url` every 50 ms until it answers 200, or throws with the process's output. */
export async function waitUntilUp(url: string, spawned: Spawned, timeoutMs = 120_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(50)) {
    if (spawned.child.exitCode !== null) throw new Error(`exited (${spawned.child.exitCode}):\n${spawned.tail()}`);
    const res = await fetch(url).catch(() => undefined);
    await res?.body?.cancel().catch(() => undefined);
    if (res?.status === 200) return;
  }
  throw new Error(`${url} not up after ${timeoutMs / 1000} s:\n${spawned.tail()}`);
}
