/**
 * Webhook delivery, measured: the latency from a state change to the receiver (p50/p95) with Finlink in
 * one process on PGlite (workers in-process, woken on commit), and the delivery throughput with one API
 * process and two `finlink worker` processes on PostgreSQL (DATABASE_URL, default the local server).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { join } from "node:path";
import { createTemporaryDatabase } from "../apps/finlink/src/testing/test-database";
import { FINLINK_UNSET_ENV, REPO_ROOT, SANDBOX_APP } from "../e2e/servers";
import { machineLine, markdownTable, percentile, writeResult } from "./measure";

const API_PORT = 4830;
const API = `http://127.0.0.1:${API_PORT}`;
const LATENCY_EVENTS = 200;
const THROUGHPUT_EVENTS = 2_000;
const PG_SERVER = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const epochNow = () => performance.timeOrigin + performance.now();

/** The receiver: answers 200 at once and notes when each webhookId arrived. */
async function startReceiver() {
  const arrivals = new Map<string, number>();
  let onArrival = () => {};
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = epochNow();
      const { webhookId } = JSON.parse(Buffer.concat(chunks).toString()) as { webhookId: string };
      if (!arrivals.has(webhookId)) arrivals.set(webhookId, at);
      res.writeHead(200).end();
      onArrival();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    arrivals,
    async until(count: number, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (arrivals.size < count) {
        if (Date.now() > deadline) throw new Error(`${arrivals.size} of ${count} webhooks arrived`);
        await new Promise<void>((resolve) => {
          onArrival = resolve;
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function finlink(args: string[], env: Record<string, string>): ChildProcess {
  const base = { ...process.env };
  for (const name of FINLINK_UNSET_ENV) delete base[name];
  return spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: `${REPO_ROOT}apps/finlink`,
    env: { ...base, LOG_LEVEL: "warn", FINLINK_SANDBOX_TIME_SCALE: "0", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function waitUp(): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const ok = await fetch(`${API}/api/v1/openapi.json`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("Finlink did not start");
}

async function call(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${API}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, string>;
}

/** The sandbox app's token and one exchanged connection to fire webhooks about. */
async function connection() {
  const { token: apiToken = "" } = await call("POST", "/api/v1/auth/login", undefined, {
    clientId: SANDBOX_APP.clientId,
    clientSecret: SANDBOX_APP.clientSecret,
  });
  const { publicToken } = await call("POST", "/api/v1/sandbox/public-token", apiToken, {
    entity: "sandbox_bank",
    username: "user_good",
  });
  const { connectionToken } = await call("POST", `/api/v1/commands/connections/exchange/${publicToken}`, apiToken);
  return { apiToken, connectionToken: connectionToken ?? "" };
}

const fire = (c: { apiToken: string; connectionToken: string }) =>
  call("POST", `/api/v1/sandbox/connections/${c.connectionToken}/fire-webhook`, c.apiToken, {
    type: "CONNECTION_UPDATED",
  });

const ms = (v: number) => v.toFixed(1);
const rows: string[][] = [
  ["setup", "events", "p50 state change → receiver (ms)", "p95 (ms)", "fired (events/s)", "delivered (events/s)"],
];
const dir = mkdtempSync(join(os.tmpdir(), "finlink-bench-webhooks-"));
const receiver = await startReceiver();
const children: ChildProcess[] = [];
try {
  // 1. Latency, one process on PGlite: one event at a time.
  console.error("PGlite, one process: latency…");
  children.push(
    finlink(["start"], {
      FINLINK_PORT: String(API_PORT),
      FINLINK_DATA_DIR: join(dir, "pglite"),
      FINLINK_SANDBOX_WEBHOOK_URL: receiver.url,
    }),
  );
  await waitUp();
  let c = await connection();
  await receiver.until(1); // CONNECTION_READY of the connection
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_EVENTS; i++) {
    const before = receiver.arrivals.size;
    const { webhookId } = await fire(c);
    await receiver.until(before + 1);
    const event = await call("GET", `/api/v1/queries/webhooks/${webhookId}`, c.apiToken);
    latencies.push((receiver.arrivals.get(webhookId ?? "") ?? Number.NaN) - Date.parse(event.occurredAt ?? ""));
  }
  rows.push([
    "PGlite, 1 process (in-process workers)",
    String(LATENCY_EVENTS),
    ms(percentile(latencies, 0.5)),
    ms(percentile(latencies, 0.95)),
    "one at a time",
    "–",
  ]);
  children.pop()?.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 2_000));

  // 2. On PostgreSQL: one API process and two worker processes. First events fired 16 at a time with the
  // workers running (latency under load), then a backlog fired with no worker running, drained by two.
  console.error("PostgreSQL, 1 API + 2 workers: latency under load, then throughput…");
  const temporary = await createTemporaryDatabase(PG_SERVER);
  try {
    const env = { DATABASE_URL: temporary.url, FINLINK_SANDBOX_WEBHOOK_URL: receiver.url };
    children.push(finlink(["start"], { ...env, FINLINK_PORT: String(API_PORT), FINLINK_IN_PROCESS_WORKER: "false" }));
    await waitUp();
    const workers = () => [finlink(["worker"], env), finlink(["worker"], env)];
    let running = workers();
    children.push(...running);
    receiver.arrivals.clear();
    c = await connection();
    await receiver.until(1);
    const fireMany = async (count: number) => {
      const fired = new Map<string, number>();
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < count) {
            next++;
            const { webhookId } = await fire(c);
            fired.set(webhookId ?? "", epochNow());
          }
        }),
      );
      return fired;
    };
    receiver.arrivals.clear();
    const started = epochNow();
    const fired = await fireMany(THROUGHPUT_EVENTS);
    const firedIn = (epochNow() - started) / 1000;
    await receiver.until(THROUGHPUT_EVENTS, 300_000);
    const waits = [...fired].map(([id, at]) => (receiver.arrivals.get(id) ?? Number.NaN) - at);
    rows.push([
      "PostgreSQL, 1 API + 2 `finlink worker`, events fired 16 at a time",
      String(THROUGHPUT_EVENTS),
      ms(percentile(waits, 0.5)),
      ms(percentile(waits, 0.95)),
      (THROUGHPUT_EVENTS / firedIn).toFixed(0),
      (THROUGHPUT_EVENTS / ((Math.max(...receiver.arrivals.values()) - started) / 1000)).toFixed(0),
    ]);

    for (const worker of running) worker.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    receiver.arrivals.clear();
    await fireMany(THROUGHPUT_EVENTS);
    running = workers();
    children.push(...running);
    await receiver.until(1, 60_000);
    const first = Math.min(...receiver.arrivals.values());
    await receiver.until(THROUGHPUT_EVENTS, 300_000);
    const last = Math.max(...receiver.arrivals.values());
    rows.push([
      "PostgreSQL, a backlog drained by 2 `finlink worker`",
      String(THROUGHPUT_EVENTS),
      "–",
      "–",
      "–",
      (THROUGHPUT_EVENTS / ((last - first) / 1000)).toFixed(0),
    ]);
  } finally {
    for (const child of children.splice(0)) child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await temporary.drop();
  }
} finally {
  for (const child of children) child.kill("SIGKILL");
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
}

writeResult(
  "webhook-delivery",
  `# Webhook delivery

${machineLine()}

\`pnpm --filter @finlink/bench bench:webhooks\`. The receiver answers 200 at once. Latency is from the event's
\`occurredAt\` (the state change, taken just before its transaction commits) to the receiver reading the
body; on PostgreSQL from the fire request's answer: the API process's commit wakes the worker processes
through a NOTIFY (\`jobs/wake-channel.ts\`; pg-boss 10 wakes only its own process, and polls every 2 s), and a
full batch fetches again at once. "Fired" is the rate the
one API process took \`fire-webhook\` requests (16 at a time); "delivered" the rate two worker processes
drained a backlog of events fired while no worker ran.

${markdownTable(rows)}
`,
);
