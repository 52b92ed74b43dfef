import { closedLoop, type LoadResult } from "./load";
import { machineLine, markdownTable, percentile, writeResult } from "./measure";
import { readyConnection } from "./ready-connection";
import { APP_URL, FINLINK_READY_URL, startStack } from "./stack";

const CONCURRENCY = [1, 8, 32];
const SECONDS = 10;
/** Unrecorded requests before each row: the pool's sockets opened, the route's code paths warm. */
const WARMUP_SECONDS = 2;

interface Row extends LoadResult {
  endpoint: string;
  concurrency: number;
}

console.error("starting the servers (node scripts/start-all.mjs)…");
const stack = await startStack("servers");
const rows: Row[] = [];
try {
  await stack.waitFor(FINLINK_READY_URL, (res) => res.status === 200);
  await stack.waitFor(`${APP_URL}/api/me`, (res) => res.status === 401);
  console.error("connecting sandbox_bank / user_good through the BFF and Link…");
  const connection = await readyConnection();
  const targets = [
    { endpoint: "BFF `GET /api/connections/:id`", url: connection.bffUrl, headers: connection.bffHeaders },
    {
      endpoint: "Finlink `GET /api/v1/queries/connections/{connectionToken}`",
      url: connection.finlinkUrl,
      headers: connection.finlinkHeaders,
    },
  ];
  for (const concurrency of CONCURRENCY) {
    for (const { endpoint, url, headers } of targets) {
      console.error(`${endpoint}, concurrency ${concurrency}…`);
      const result = await closedLoop(url, headers, { concurrency, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS });
      stack.assertRunning();
      rows.push({ endpoint, concurrency, ...result });
    }
  }
} finally {
  await stack.stop();
}

const ms = (row: Row, p: number) => percentile(row.latencies, p).toFixed(2);
const table = markdownTable([
  ["endpoint", "concurrency", "requests", "requests/s", "p50 (ms)", "p95 (ms)", "p99 (ms)", "sockets"],
  ...rows.map((row) => [
    row.endpoint,
    String(row.concurrency),
    row.requests.toLocaleString("en"),
    Math.round(row.requests / row.seconds).toLocaleString("en"),
    ms(row, 0.5),
    ms(row, 0.95),
    ms(row, 0.99),
    String(row.sockets),
  ]),
]);

writeResult(
  "status-throughput",
  `# Connection status: the BFF's endpoint next to Finlink's

${machineLine()}

${table}

- Both servers as \`npm start\` runs them (\`node scripts/start-all.mjs\`, ports 4810 and 4820, fresh PGlite
  data directories, \`LOG_LEVEL\` ${process.env.LOG_LEVEL ?? "info"}: ${process.env.LOG_LEVEL && process.env.LOG_LEVEL !== "info" ? "no access-log lines" : "one access-log line per request, relayed by start-all"}), on the
  same machine as the load: the bench's own process takes CPU from the servers, more as concurrency rises.
- One READY connection made as a user does: demo sign-in on the BFF, \`POST /api/link/start\`, Link's API
  driven over HTTP (\`sandbox_bank\`, \`user_good\`, each MFA step answered), \`POST /api/link/exchange\`, then the
  BFF's status polled until READY. Finlink's connectionToken comes from \`GET /api/v1/queries/connections?externalId=\`.
- Per row: a closed loop of \`concurrency\` callers, each sending its next GET when the last answer's body
  is read, for ${SECONDS} s after ${WARMUP_SECONDS} s unrecorded; Node's fetch (undici) with its keep-alive pool
  ("sockets": this process's connections to the port, counted with \`ss\` halfway through). The BFF's
  request carries the session cookie and answers a READY connection from its own store (session and
  ownership looked up, no call to Finlink); Finlink's carries the Bearer token from \`POST /api/v1/auth/login\`.
  Every answer was 200 (any other ends the run). Latency: from the call to the body's last byte.
`,
);
