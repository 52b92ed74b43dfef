// The Finlink server's resident memory at idle and after `user_big` reached READY (see README.md, "memory.ts"),
// started as `npm start` starts it and, for comparison, through the TypeScript loader. On PGlite, and on
// PostgreSQL as well when DATABASE_URL is set.
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import os from "node:os";
import { delimiter, join } from "node:path";
import { createTemporaryDatabase } from "../apps/finlink/src/testing/test-database";
import { APP_UNSET_ENV, FINLINK_UNSET_ENV, REPO_ROOT } from "../e2e/servers";
import { machineLine, markdownTable, writeResult } from "./measure";
import { type Spawned, spawnGroup, waitUntilUp } from "./processes";
import { sandboxConnection } from "./sandbox-connection";

const FINLINK_PORT = 4840;
const FINLINK = `http://127.0.0.1:${FINLINK_PORT}`;
/** Idle: this long after the server first answers, nothing asked of it meanwhile. */
const IDLE_MS = 10_000;
/** After READY: the webhook and the job's completion are done well before this; the heap has had time to shrink. */
const SETTLE_MS = 10_000;
const READY_TIMEOUT_MS = 600_000;

const APP_PORT = 4841;
const APP_URL = `http://localhost:${APP_PORT}`;

/**
 * How the server is started: `npm start`'s own script after its Vite builds (it builds both servers, then runs
 * Finlink and the BFF side by side; Finlink's process is measured), and Finlink alone through the TypeScript loader.
 */
const STARTS = [
  {
    label: "`node scripts/start-all.mjs` (compiled, as `npm start`)",
    file: process.execPath,
    args: [`${REPO_ROOT}scripts/start-all.mjs`],
  },
  {
    label: "`tsx src/cli.ts start` (TypeScript loader)",
    file: `${REPO_ROOT}node_modules/.bin/tsx`,
    args: [`${REPO_ROOT}apps/finlink/src/cli.ts`, "start"],
  },
] as const;

/** Kilobytes, from /proc/<pid>/status. */
interface Rss {
  /** The server's own process (the one listening on the port). */
  server: number;
  /** Every process of the tree spawned: the pnpm wrapper, a loader's parent process, the server. */
  tree: number;
  /** The server's peak so far (VmHWM). */
  peak: number;
}
interface Row {
  backend: string;
  start: string;
  idle: Rss;
  ready: Rss;
  settled: Rss;
  readySeconds: number;
}

const statusField = (pid: number, field: string): number => {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${field}:`));
  return line ? Number.parseInt(line.slice(field.length + 1), 10) : 0;
};

/** `root` and every live process descending from it (pnpm runs its script in a process group of its own). */
function treePids(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command's closing parenthesis: state, ppid…
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const pids = [root];
  for (let i = 0; i < pids.length; i++) pids.push(...(children.get(pids[i] as number) ?? []));
  return pids;
}

/** The inode of the socket listening on `port` (state 0A in /proc/net/tcp and tcp6). */
function listeningInode(port: number): string | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const cells = line.trim().split(/\s+/);
      if (cells[1]?.endsWith(`:${hexPort}`) && cells[3] === "0A") return cells[9];
    }
  }
  return undefined;
}

/** The process of the tree holding the listening socket: the server itself, not a wrapper around it. */
function serverPid(root: number, port: number): number {
  const inode = listeningInode(port);
  if (!inode) throw new Error(`nothing listens on ${port}`);
  for (const pid of treePids(root)) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`) return pid;
      }
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no process under ${root} holds the socket listening on ${port}`);
}

function readRss(spawned: Spawned): Rss {
  const root = spawned.child.pid as number;
  const server = serverPid(root, FINLINK_PORT);
  const tree = treePids(root).reduce((sum, pid) => {
    try {
      return sum + statusField(pid, "VmRSS");
    } catch {
      return sum;
    }
  }, 0);
  return { server: statusField(server, "VmRSS"), tree, peak: statusField(server, "VmHWM") };
}

/** Connects `user_big` through the sandbox API and waits for READY; answers the seconds it took. */
const connectUserBig = async () =>
  (await sandboxConnection(FINLINK, "user_big", { pollMs: 250, timeoutMs: READY_TIMEOUT_MS })).seconds;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function env(databaseUrl: string | undefined, dir: string): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const name of [...FINLINK_UNSET_ENV, ...APP_UNSET_ENV, "LOG_LEVEL", "NODE_OPTIONS"]) delete base[name];
  return {
    ...base,
    PATH: `${REPO_ROOT}node_modules/.bin${delimiter}${base.PATH ?? ""}`,
    FINLINK_PORT: String(FINLINK_PORT),
    // No console: the bench measures the API, and a second listener on the default 4011 could clash.
    FINLINK_CONSOLE_PORT: "off",
    FINLINK_URL: FINLINK,
    FINLINK_DATA_DIR: join(dir, "finlink"),
    FINLINK_SANDBOX_TIME_SCALE: "0",
    FINLINK_SANDBOX_WEBHOOK_URL: "",
    // The BFF that start-all.mjs runs beside it: its own port and data directory.
    APP_PORT: String(APP_PORT),
    APP_URL,
    APP_DATA_DIR: join(dir, "bff"),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
}

async function measure(backend: string, start: (typeof STARTS)[number], databaseUrl: string | undefined) {
  const dir = mkdtempSync(join(os.tmpdir(), "finlink-bench-memory-"));
  const spawned = spawnGroup(start.file, [...start.args], {
    cwd: `${REPO_ROOT}apps/finlink`,
    env: env(databaseUrl, dir),
  });
  try {
    await waitUntilUp(`${FINLINK}/api/v1/openapi.json`, spawned);
    await sleep(IDLE_MS);
    const idle = readRss(spawned);
    console.error(`${backend} ${start.label}: idle ${mb(idle.server)} MB; connecting user_big…`);
    const readySeconds = await connectUserBig();
    const ready = readRss(spawned);
    await sleep(SETTLE_MS);
    const settled = readRss(spawned);
    console.error(
      `  READY after ${readySeconds.toFixed(1)} s: ${mb(ready.server)} MB, settled ${mb(settled.server)} MB`,
    );
    return { backend, start: start.label, idle, ready, settled, readySeconds };
  } finally {
    await spawned.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const mb = (kb: number) => Math.round(kb / 1024);

const rows: Row[] = [];
for (const start of STARTS) rows.push(await measure("pglite", start, undefined));
const serverUrl = process.env.DATABASE_URL;
if (serverUrl) {
  for (const start of STARTS) {
    const temporary = await createTemporaryDatabase(serverUrl);
    try {
      rows.push(await measure("postgres", start, temporary.url));
    } finally {
      await temporary.drop();
    }
  }
}

const target = (kb: number, limit: number) => `${mb(kb)}${mb(kb) <= limit ? "" : " (over)"}`;
const table = markdownTable([
  [
    "backend",
    "start",
    "idle: server / tree (MB)",
    "user_big READY: server / tree",
    `READY + ${SETTLE_MS / 1000} s: server / tree`,
    "server peak",
    "READY after (s)",
  ],
  ...rows.map((r) => [
    r.backend,
    r.start,
    `${target(r.idle.server, 250)} / ${mb(r.idle.tree)}`,
    `${target(r.ready.server, 400)} / ${mb(r.ready.tree)}`,
    `${target(r.settled.server, 400)} / ${mb(r.settled.tree)}`,
    String(mb(r.settled.peak)),
    r.readySeconds.toFixed(1),
  ]),
]);

const beforeFile = new URL("./results/memory-before.md", import.meta.url);
const before = existsSync(beforeFile)
  ? `\n## Before\n\nFrom [memory-before.md](memory-before.md), the same bench on the code before the compiled start:\n\n${
      readFileSync(beforeFile, "utf8").match(/^\|[^\n]*\|$(\n^\|[^\n]*\|$)*/m)?.[0] ?? "(no table found)"
    }\n`
  : "";

writeResult(
  process.env.BENCH_RESULT ?? "memory",
  `# The Finlink server's memory (RSS) at idle and after \`user_big\`

${machineLine()}

${table}

- Targets (issue 14): at most 250 MB at idle, at most 400 MB after \`user_big\` reached READY; "(over)" marks a miss.
- Each row starts on a fresh PGlite data directory or a throwaway PostgreSQL database: sandbox on,
  \`FINLINK_SANDBOX_TIME_SCALE=0\`, Finlink's in-process worker, no webhook URL, \`LOG_LEVEL\` info, port ${FINLINK_PORT}.
  The first row runs \`scripts/start-all.mjs\`, what \`npm start\` runs after its Vite builds: it bundles both
  servers (\`scripts/build-server.mjs\`), then runs \`node dist/cli.js start\` for Finlink and for the BFF (port
  ${APP_PORT}, its own fresh data directory). The second runs Finlink's sources alone through tsx, as the dev flows do.
- "Server": VmRSS in \`/proc/<pid>/status\` of the process holding the listening socket (the server itself, not the
  pnpm wrapper nor a loader's parent process); "tree": the sum over the spawned process and all its descendants
  (start-all.mjs and the BFF; tsx's parent process; before, pnpm's wrappers too).
  "Peak": the server's VmHWM at the end.
- Idle: ${IDLE_MS / 1000} s after \`GET /api/v1/openapi.json\` first answered 200, with nothing else asked of it. Then
  \`user_big\` (5 years, ~60,000 transactions) is connected through the sandbox API (\`POST /auth/login\`,
  \`POST /sandbox/public-token\`, the exchange) and its status polled every 250 ms until READY; read at once, and
  again ${SETTLE_MS / 1000} s later.
${before}`,
);
