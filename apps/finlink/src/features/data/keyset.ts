import { IsoDate } from "@finlink/contracts";
import { z } from "@hono/zod-openapi";
import { and, eq, gte, lte, type SQL, sql } from "drizzle-orm";
import { type PgColumn, PgDialect } from "drizzle-orm/pg-core";
import type { Sql } from "../../db/database";
import type { accounts, portfolios, portfolioTransactions, transactions } from "../../db/schema";
import { badRequest } from "../../lib/problem";
import { DataId, type DatedPageQuery } from "./data-params";

/** The tables listed newest first by (date, id); each has an index on (connection, parent, date desc, id desc). */
type DatedTable = typeof transactions | typeof portfolioTransactions;

export type PageRequest = z.infer<typeof DatedPageQuery>;

// Version 1 of the cursor: the last row's date and id. Versioned so the format can change while
// cursors handed out before a deploy keep working (or fail as INVALID_CURSOR, never as a 500).
const CursorV1 = z.object({ v: z.literal(1), d: IsoDate, i: DataId }).strict();
type Keyset = { date: string; id: string };

/** An opaque cursor pointing just after `row` in (date desc, id desc) order. */
export function encodeCursor(row: Keyset): string {
  return Buffer.from(JSON.stringify({ v: 1, d: row.date, i: row.id })).toString("base64url");
}

/**
 * An opaque cursor's payload (base64url JSON) checked by `schema`; anything this API did not issue is a
 * 400 INVALID_CURSOR, never a 500.
 */
export function decodeOpaqueCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  const invalid = () => badRequest("The cursor is not one this API issued", { reason: "INVALID_CURSOR" });
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw invalid();
  return parsed.data;
}

/** The position a cursor points after; anything not made by `encodeCursor` is a 400 INVALID_CURSOR. */
export function decodeCursor(cursor: string): Keyset {
  const { d, i } = decodeOpaqueCursor(cursor, CursorV1);
  return { date: d, id: i };
}

/**
 * A list read page by page: its table, the column naming the parent (account or portfolio) and the
 * parent's table, and the wire object of each row as `name: SQL expression`, in the order the fields go on
 * the wire (`data-view.ts`).
 */
export interface DatedList {
  table: DatedTable;
  parentColumn: PgColumn;
  parentTable: typeof accounts | typeof portfolios;
  fields: Record<string, PgColumn | SQL>;
}

/** Which rows a page is of: one parent of one connection. */
export interface PageScope {
  connectionId: string;
  parentId: string;
}

const dialect = new PgDialect();

/**
 * The query of one page of `list`'s rows in `scope`, newest first, by keyset: the cursor names the last
 * row seen and the page starts strictly after it in (date desc, id desc). Each row comes back as its wire
 * JSON, written by the database (`to_json` of the fields: numbers with their stored digits, dates as ISO
 * text), so no row is parsed into objects and written out again; no row at all when the parent is not the
 * connection's. Exported so a test can check that PostgreSQL answers it straight from the index.
 */
export function pageQuery(list: DatedList, scope: PageScope, request: PageRequest): { sql: string; params: unknown[] } {
  const { table, parentColumn, parentTable, fields } = list;
  const { from, to, limit, cursor } = request;
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const filters = [
    eq(table.connectionId, scope.connectionId),
    eq(parentColumn, scope.parentId),
    // Evaluated once (PostgreSQL plans it as an init plan): a page with rows is a page of a parent that exists.
    sql`exists (select 1 from ${parentTable} where ${parentTable.connectionId} = ${scope.connectionId} and ${parentTable.id} = ${scope.parentId})`,
    from ? gte(table.date, from) : undefined,
    to ? lte(table.date, to) : undefined,
    // A row comparison, so PostgreSQL starts its walk down the (date desc, id desc) index at the cursor.
    after ? sql`(${table.date}, ${table.id}) < (${after.date}::date, ${after.id})` : undefined,
  ];
  const wire = sql.join(
    Object.entries(fields).map(([name, value]) => sql`${value} as ${sql.identifier(name)}`),
    sql`, `,
  );
  // The lateral subquery names the fields; ordering stays on the table's own columns, so the index serves it.
  const query = sql`select to_json(wire)::text as json from ${table} cross join lateral (select ${wire}) as wire
    where ${and(...filters)}
    order by ${table.date} desc nulls last, ${table.id} desc nulls last
    limit ${limit + 1}`;
  // NULLS LAST as in the index (drizzle-kit wrote it so): plain DESC means NULLS FIRST, which the index
  // cannot serve, and PostgreSQL would then read and sort every row of the account for each page.
  // One row more than asked tells whether another page exists.
  return dialect.sqlToQuery(query);
}

/**
 * One page, as each row's wire JSON text, and the cursor to the next (null on the last). Unlike OFFSET this
 * costs the same on page 1 and page 500, and rows inserted while a client walks the pages never shift the
 * ones it has not seen yet: every row present when the walk started is returned exactly once.
 */
export async function readPage(
  db: Sql,
  list: DatedList,
  scope: PageScope,
  request: PageRequest,
): Promise<{ rows: string[]; nextCursor: string | null }> {
  const query = pageQuery(list, scope, request);
  const { rows } = await db.query<{ json: string }>(query.sql, query.params);
  const { limit } = request;
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return {
    rows: rows.slice(0, limit).map((row) => row.json),
    nextCursor: last ? encodeCursor(JSON.parse(last.json) as Keyset) : null,
  };
}
