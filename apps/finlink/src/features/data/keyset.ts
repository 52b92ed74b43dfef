import { IsoDate } from "@finlink/contracts";
import { z } from "@hono/zod-openapi";
import { and, gte, lte, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/database";
import type { portfolioTransactions, transactions } from "../../db/schema";
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
 * The query of one page of `table`'s rows in `scope`, newest first, by keyset: the cursor names the last
 * row seen and the page starts strictly after it in (date desc, id desc). Exported so a test can check
 * that PostgreSQL answers it straight from the index.
 */
export function pageQuery(db: Db, table: DatedTable, scope: SQL | undefined, request: PageRequest) {
  const { from, to, limit, cursor } = request;
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const filters = [
    scope,
    from ? gte(table.date, from) : undefined,
    to ? lte(table.date, to) : undefined,
    // A row comparison, so PostgreSQL starts its walk down the (date desc, id desc) index at the cursor.
    after ? sql`(${table.date}, ${table.id}) < (${after.date}::date, ${after.id})` : undefined,
  ];
  return (
    db
      .select()
      .from(table)
      .where(and(...filters))
      // NULLS LAST as in the index (drizzle-kit wrote it so): plain DESC means NULLS FIRST, which the index
      // cannot serve, and PostgreSQL would then read and sort every row of the account for each page.
      .orderBy(sql`${table.date} desc nulls last`, sql`${table.id} desc nulls last`)
      // One row more than asked tells whether another page exists.
      .limit(limit + 1)
  );
}

/**
 * One page and the cursor to the next (null on the last). Unlike OFFSET this costs the same on page 1
 * and page 500, and rows inserted while a client walks the pages never shift the ones it has not seen
 * yet: every row present when the walk started is returned exactly once.
 */
export async function readPage<T extends DatedTable>(
  db: Db,
  table: T,
  scope: SQL | undefined,
  request: PageRequest,
): Promise<{ rows: T["$inferSelect"][]; nextCursor: string | null }> {
  const rows = (await pageQuery(db, table, scope, request)) as T["$inferSelect"][];
  const { limit } = request;
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { rows: rows.slice(0, limit), nextCursor: last ? encodeCursor(last) : null };
}
