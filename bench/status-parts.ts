// Finlink's status endpoint next to its bare parts and a bare Hono hello, loaded the same way in one run
// (see README.md, "status-parts.ts"). On PGlite, and on PostgreSQL as well when DATABASE_URL is set.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { delimiter, join } from "node:path";
import autocannon from "autocannon";
import { createTemporaryDatabase } from "../apps/finlink/src/testing/test-database";
import { FINLINK_UNSET_ENV, REPO_ROOT } from "../e2e/servers";
import { machineLine, markdownTable, writeResult } from "./measure";
import { firstJsonLine, type Spawned, spawnGroup, waitUntilUp } from "./processes";
import { sandboxConnection } from "./sandbox-connection";

const CONNECTIONS = 50;
const SECONDS = 10;
const WARMUP_SECONDS = 3;
const FINLINK_PORT = 4830;
const FINLINK = `http://127.0.0.1:${FINLINK_PORT}`;

interface Target {
  url: string;
  headers: Record<string, string>;
}
interface Row {
  backend: string;
  target: string;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  other: number;
}

function env(databaseUrl: string | undefined, dir: string): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const name of [...FINLINK_UNSET_ENV, "LOG_LEVEL"]) delete base[name];
  return {
    ...base,
    PATH: `${REPO_ROOT}node_modules/.bin${delimiter}${base.PATH ?? ""}`,
    FINLINK_PORT: String(FINLINK_PORT),
    FINLINK_URL: FINLINK,
    FINLINK_DATA_DIR: join(dir, "finlink"),
    FINLINK_SANDBOX_TIME_SCALE: "0",
    FINLINK_SANDBOX_WEBHOOK_URL: "",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
}

/** A READY `user_good` connection made through the sandbox API, and the request that reads its status. */
async function readyStatus(): Promise<Target> {
  const { token, statusPath } = await sandboxConnection(FINLINK, "user_good", { pollMs: 100, timeoutMs: 60_000 });
  return { url: `${FINLINK}${statusPath}`, headers: { authorization: `Bearer ${token}` } };
}

async function load(backend: string, name: string, target: Target): Promise<Row> {
  const options = { url: target.url, headers: target.headers, connections: CONNECTIONS };
  await autocannon({ ...options, duration: WARMUP_SECONDS });
  const result = await autocannon({ ...options, duration: SECONDS });
  const row = {
    backend,
    target: name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    other: result.non2xx + result.errors + result.timeouts,
  };
  console.error(`${backend} ${name}: ${Math.round(row.rps)} req/s, p50 ${row.p50} ms, ${row.other} not 2xx`);
  return row;
}

async function withProcess<T>(spawned: Spawned, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    await spawned.stop();
  }
}

async function bare(backend: string, kind: "hello" | "parts", databaseUrl: string | undefined): Promise<Row> {
  const childEnv = { ...process.env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  if (!databaseUrl) delete childEnv.DATABASE_URL;
  const spawned = spawnGroup(`${REPO_ROOT}node_modules/.bin/tsx`, ["bench/bare-status-server.ts", kind, "0"], {
    cwd: REPO_ROOT,
    env: childEnv,
  });
  return withProcess(spawned, async () => {
    const target = await firstJsonLine<Target>(spawned);
    return load(backend, kind === "hello" ? "bare Hono hello" : "bare parts (Hono + jose + keyed select)", target);
  });
}

async function finlink(backend: string, databaseUrl: string | undefined): Promise<Row> {
  const dir = mkdtempSync(join(os.tmpdir(), "finlink-bench-status-"));
  const spawned = spawnGroup("pnpm", ["--silent", "--filter", "@finlink/server", "start"], {
    cwd: REPO_ROOT,
    env: env(databaseUrl, dir),
  });
  try {
    return await withProcess(spawned, async () => {
      await waitUntilUp(`${FINLINK}/api/v1/openapi.json`, spawned);
      const target = await readyStatus();
      // The connection's extraction and its first webhook are done: the worker only polls from here.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      return load(backend, "Finlink `GET /api/v1/queries/connections/{token}`", target);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function backendRows(backend: string, databaseUrl: string | undefined): Promise<Row[]> {
  const hello = await bare(backend, "hello", databaseUrl);
  const parts = await bare(backend, "parts", databaseUrl);
  const ours = await finlink(backend, databaseUrl);
  return [hello, parts, ours];
}

const rows: Row[] = [...(await backendRows("pglite", undefined))];
const serverUrl = process.env.DATABASE_URL;
if (serverUrl) {
  const temporary = await createTemporaryDatabase(serverUrl);
  try {
    rows.push(...(await backendRows("postgres", temporary.url)));
  } finally {
    await temporary.drop();
  }
}

const ratio = (row: Row, name: string) => {
  const of = rows.find((r) => r.backend === row.backend && r.target.startsWith(name));
  return of ? `${(row.rps / of.rps).toFixed(2)}×` : "";
};
const table = markdownTable([
  ["backend", "server", "requests/s", "p50 (ms)", "p99 (ms)", "2xx", "other", "÷ bare parts", "÷ bare hello"],
  ...rows.map((r) => [
    r.backend,
    r.target,
    Math.round(r.rps).toLocaleString("en"),
    String(r.p50),
    String(r.p99),
    r.ok.toLocaleString("en"),
    String(r.other),
    ratio(r, "bare parts"),
    ratio(r, "bare Hono"),
  ]),
]);

writeResult(
  process.env.BENCH_RESULT ?? "status-parts",
  `# The status endpoint next to its bare parts

${machineLine()}

${table}

- Each server runs alone in a process of its own (the others stopped), loaded by autocannon from the bench's
  process: ${CONNECTIONS} keep-alive connections, ${WARMUP_SECONDS} s unrecorded, then ${SECONDS} s recorded.
- Finlink runs as \`npm start\` runs it (\`pnpm --filter @finlink/server start\`: the API with its in-process
  worker, access logs at info), on a fresh PGlite data directory or a throwaway PostgreSQL database; the status
  of one READY \`user_good\` connection made through the sandbox API, with an API token from \`POST /auth/login\`.
  What Finlink keeps in memory for it (decision 009): the verified API token, on PGlite the connection's row
  while nothing else ran (pg-boss's polls make it read again), the decrypted tokens; on PostgreSQL every request
  reads the row.
- Bare parts (\`bench/bare-status-server.ts\`): Hono on @hono/node-server, jose's ES256 verification of the Bearer
  token, and one select of a 100-row table keyed by the token's SHA-256, on its own PGlite data directory or a
  \`pg\` pool of 10 (Finlink's size) on the same database. The naive minimum of the same work.
- Bare hello: Hono answering \`{"hello":"world"}\`. The load generator shares the 2 cores with the server, so
  this row is bounded by autocannon as much as by Hono.
`,
);
