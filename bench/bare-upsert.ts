import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/**
 * The bare floor for ingest (issue 14): the same rows upserted into a table shaped like Finlink's
 * `transactions` (apps/finlink/src/db/schema.ts: its columns and types, its primary key, its page index and
 * its foreign key to a connections row), with nothing of Finlink in between — 1,000-row batches, one
 * transaction each.
 */
const DDL = `
create table bare_connections (id uuid primary key);
create table bare_transactions (
  connection_id uuid not null references bare_connections (id) on delete cascade,
  id text not null,
  account_id text not null,
  date date not null,
  value_date date not null,
  amount numeric(18, 2) not null,
  currency text not null,
  description text not null,
  type text not null,
  category text,
  primary key (connection_id, id)
);
create index bare_transactions_page_idx
  on bare_transactions (connection_id, account_id, date desc nulls last, id desc nulls last);`;

const COLUMNS = [
  "connection_id",
  "id",
  "account_id",
  "date",
  "value_date",
  "amount",
  "currency",
  "description",
  "type",
  "category",
];
const TYPES = ["uuid", "text", "text", "date", "date", "numeric", "text", "text", "text", "text"];
const BATCH = 1000;
const CONNECTION = "0b8f6c1e-5d2a-4c7e-9f3b-6a1d2e4c8b90";
const SET = `on conflict (connection_id, id) do update set ${COLUMNS.slice(2)
  .map((c) => `${c} = excluded.${c}`)
  .join(", ")}`;

/** A stored transaction's values in `COLUMNS` order, after the connection id. */
export type BareRow = [string, string, string, string, string, string, string, string, string | null];

/** The rows of one connection as the server stored them: what the bare upsert writes again. */
export const BARE_SELECT = `select id, account_id, date::text as d, value_date::text as vd, amount::text as amount,
  currency, description, type, category from transactions where connection_id = $1 order by date, id`;

export function toBareRows(rows: Record<string, string | null>[]): BareRow[] {
  return rows.map(
    (r) => [r.id, r.account_id, r.d, r.vd, r.amount, r.currency, r.description, r.type, r.category ?? null] as BareRow,
  );
}

/** One multi-row `INSERT … VALUES ($1, …), … ON CONFLICT DO UPDATE`: one parameter per value (10,000 a batch). */
function valuesStatement(batch: BareRow[]): [string, unknown[]] {
  const params: unknown[] = [];
  const tuples = batch.map((row) => {
    const start = params.length;
    params.push(CONNECTION, ...row);
    return `(${COLUMNS.map((_, i) => `$${start + i + 1}`).join(", ")})`;
  });
  return [`insert into bare_transactions (${COLUMNS.join(", ")}) values ${tuples.join(", ")} ${SET}`, params];
}

/** `INSERT … SELECT * FROM unnest(…)` from one array per column (ten parameters a batch), then `tail`. */
function unnestInsert(batch: BareRow[], tail: string): [string, unknown[]] {
  const arrays = COLUMNS.map((_, i) => (i === 0 ? batch.map(() => CONNECTION) : batch.map((row) => row[i - 1])));
  const casts = TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(", ");
  return [`insert into bare_transactions (${COLUMNS.join(", ")}) select * from unnest(${casts}) ${tail}`, arrays];
}

/**
 * `values` and `unnest`: the upsert, as rows of parameters or as arrays. `insert`: the plain insert from arrays,
 * no ON CONFLICT (what the server writes a first extraction's rows with).
 */
export const STATEMENTS = {
  values: valuesStatement,
  unnest: (batch: BareRow[]) => unnestInsert(batch, SET),
  insert: (batch: BareRow[]) => unnestInsert(batch, ""),
};

interface Client {
  query(text: string, params?: unknown[]): Promise<unknown>;
  exec(text: string): Promise<unknown>;
}

/** Rows per second of upserting `rows` in 1,000-row batches, each its own transaction, into an empty table. */
async function upsertRate(client: Client, rows: BareRow[], kind: keyof typeof STATEMENTS): Promise<number> {
  await client.exec("truncate bare_transactions");
  const started = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) {
    const [text, params] = STATEMENTS[kind](rows.slice(i, i + BATCH));
    await client.exec("begin");
    await client.query(text, params);
    await client.exec("commit");
  }
  return rows.length / ((performance.now() - started) / 1000);
}

export type BareRates = Record<keyof typeof STATEMENTS, number>;

async function measure(client: Client, rows: BareRow[]): Promise<BareRates> {
  await client.exec(DDL);
  await client.query("insert into bare_connections (id) values ($1)", [CONNECTION]);
  // One untimed pass of each warms the JIT and the table's pages, as the server's own ingest is warmed by its start.
  const kinds = Object.keys(STATEMENTS) as (keyof typeof STATEMENTS)[];
  for (const kind of kinds) await upsertRate(client, rows.slice(0, 5 * BATCH), kind);
  const rates = {} as BareRates;
  for (const kind of kinds) rates[kind] = await upsertRate(client, rows, kind);
  return rates;
}

/** On a PGlite of the bench's own, in memory (the server's ingest ran on one just like it). */
export async function barePglite(rows: BareRow[]): Promise<BareRates> {
  const db = await PGlite.create();
  try {
    return await measure({ query: (text, params) => db.query(text, params), exec: (text) => db.exec(text) }, rows);
  } finally {
    await db.close();
  }
}

/** On one `pg` connection to the PostgreSQL database at `url` (the run's throwaway database). */
export async function barePostgres(url: string, rows: BareRow[]): Promise<BareRates> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await measure(
      { query: (text, params) => client.query(text, params), exec: (text) => client.query(text) },
      rows,
    );
  } finally {
    await client.query("drop table if exists bare_transactions, bare_connections").catch(() => {});
    await client.end();
  }
}
