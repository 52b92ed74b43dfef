import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { testBackends } from "../apps/finlink/src/testing/backends";
import { connectDirectly, waitForStatus } from "../apps/finlink/src/testing/connect";
import { type Backend, createTestContext } from "../apps/finlink/src/testing/test-context";
import { BARE_SELECT, type BareRates, barePglite, barePostgres, toBareRows } from "./bare-upsert";
import { markdownTable, percentile, timeRuns } from "./measure";

/** Requests timed per page kind. */
const RUNS = 50;
const PAGE = 100;
/** How deep the "deep page" is: far enough that an OFFSET scan would have to skip this many rows. */
const DEEP_ROWS = 40_000;

interface Result {
  backend: string;
  transactions: number;
  ingestSeconds: number;
  depth: number;
  first: number[];
  deep: number[];
  bare: BareRates;
}

async function run(name: string, backend: Backend): Promise<Result> {
  const ctx = await createTestContext({ backend, timeScale: 0 });
  try {
    // From creating the connection (its extraction starts then) through the exchange to READY.
    const started = performance.now();
    const connection = await connectDirectly(ctx, { entity: "sandbox_bank", username: "user_big" });
    await waitForStatus(ctx, connection.apiToken, connection.connectionToken, ["READY"], 600_000);
    const ingestSeconds = (performance.now() - started) / 1000;

    const { rows } = await ctx.services.database.sql.query<{ account_id: string; n: number }>(
      "select account_id, count(*)::int as n from transactions where connection_id = $1 group by account_id order by n desc",
      [connection.connectionId],
    );
    const transactions = rows.reduce((sum, row) => sum + row.n, 0);
    const busiest = rows[0];
    if (!busiest) throw new Error("user_big has no transactions");

    const path = `/api/v1/queries/connections/${connection.connectionToken}/accounts/${busiest.account_id}/transactions`;
    const get = async (query: string) => {
      const res = await ctx.request("GET", `${path}?${query}`, { token: connection.apiToken });
      if (res.status !== 200) throw new Error(`GET ${query}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { data: unknown[]; nextCursor: string | null };
    };

    // Walked in pages of 1,000; an account with fewer than DEEP_ROWS rows is walked as deep as it allows.
    const depth = Math.min(DEEP_ROWS, Math.floor((busiest.n - PAGE) / 1000) * 1000);
    let cursor: string | null = null;
    for (let walked = 0; walked < depth; walked += 1000) {
      cursor = (await get(`limit=1000${cursor ? `&cursor=${cursor}` : ""}`)).nextCursor;
    }
    if (!cursor) throw new Error(`no page after ${depth} rows`);
    const deepCursor = cursor;

    const first = await timeRuns(async () => void (await get(`limit=${PAGE}`)), RUNS);
    const deep = await timeRuns(async () => void (await get(`limit=${PAGE}&cursor=${deepCursor}`)), RUNS);

    // The same rows, upserted bare, in the same run: on a PGlite of this process, or in the throwaway database.
    const stored = await ctx.services.database.sql.query<Record<string, string | null>>(BARE_SELECT, [
      connection.connectionId,
    ]);
    const bareRows = toBareRows(stored.rows);
    const { database } = ctx.config;
    const bare = "url" in database ? await barePostgres(database.url, bareRows) : await barePglite(bareRows);
    return { backend: name, transactions, ingestSeconds, depth, first, deep, bare };
  } finally {
    await ctx.close();
  }
}

const ms = (samples: number[], p: number) => percentile(samples, p).toFixed(2);

const rate = (perSecond: number) => Math.round(perSecond).toLocaleString("en");

function table(results: Result[]): string[][] {
  return [
    [
      "backend",
      "transactions",
      "ingest (s)",
      "ingest (tx/s)",
      "bare upsert (rows/s)",
      "ingest ÷ bare",
      "bare unnest (rows/s)",
      "ingest ÷ unnest",
      "bare unnest insert (rows/s)",
      "ingest ÷ insert",
      "first page p50 / p95 (ms)",
      "deep page p50 / p95 (ms)",
      "deep ÷ first (p50)",
    ],
    ...results.map((r) => {
      const ingest = r.transactions / r.ingestSeconds;
      return [
        r.backend,
        r.transactions.toLocaleString("en"),
        r.ingestSeconds.toFixed(2),
        rate(ingest),
        rate(r.bare.values),
        `${(ingest / r.bare.values).toFixed(2)}×`,
        rate(r.bare.unnest),
        `${(ingest / r.bare.unnest).toFixed(2)}×`,
        rate(r.bare.insert),
        `${(ingest / r.bare.insert).toFixed(2)}×`,
        `${ms(r.first, 0.5)} / ${ms(r.first, 0.95)}`,
        `${ms(r.deep, 0.5)} / ${ms(r.deep, 0.95)} (after ${r.depth.toLocaleString("en")} rows)`,
        `${(percentile(r.deep, 0.5) / percentile(r.first, 0.5)).toFixed(2)}×`,
      ];
    }),
  ];
}

const results: Result[] = [];
for (const [name, backend] of testBackends()) {
  console.error(`user_big on ${name}…`);
  results.push(await run(name, backend));
}

const rows = table(results);
console.log(markdownTable(rows));

const date = new Date().toISOString().slice(0, 10);
const report = `# user_big: ingest and pagination

Measured ${date} on ${os.cpus()[0]?.model ?? "unknown CPU"} (${os.cpus().length} threads, load average
${os.loadavg()[0]?.toFixed(1)} at the end), Node ${process.version}.

${markdownTable(rows)}

- \`user_big\` at \`sandbox_bank\` with \`timeScale\` 0: the connector adds no artificial delay, so
  ingest time is generation plus storage plus job pick-up.
- Ingest rate: transactions stored ÷ time from creating and exchanging the connection to READY.
- Bare upsert (issue 14's floor, measured in the same run after the ingest): the rows the server stored,
  upserted again into an empty table shaped like \`transactions\` (same columns, primary key, page index and
  foreign key to a connections row) in 1,000-row multi-row \`INSERT … VALUES … ON CONFLICT DO UPDATE\`
  statements (10,000 parameters each), one transaction per batch, on one connection: a PGlite of the bench's
  own, or a \`pg\` client to the throwaway database. Bare unnest: the same with one array parameter per column
  (\`INSERT … SELECT * FROM unnest($1::uuid[], …)\`), the statement shape the server's ingest uses for an update.
  Bare unnest insert: the same without \`ON CONFLICT\`, what the server writes a first extraction with (it
  falls back to the upsert once a batch meets a stored row). Each after an untimed pass of 5,000 rows; none
  generates or hashes the rows.
- Latency: ${RUNS} sequential \`GET …/accounts/{id}/transactions?limit=${PAGE}\` through \`app.request\`
  (auth, validation, query, JSON body read back), after 5 warm-up requests, on the account with the most
  rows. The deep page uses the cursor reached by walking that many rows first: keyset pagination makes
  it cost about the same as the first page, where OFFSET would scan all the rows before it.
- PostgreSQL rows appear only when \`DATABASE_URL\` is set (a throwaway database is created and dropped).
`;
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/user-big.md", import.meta.url), report);
console.error("written to bench/results/user-big.md");
