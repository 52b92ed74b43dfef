import { FinlinkResponseError } from "./errors";

/** One page of a cursor list, as Finlink answers it. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Query of the transaction lists: inclusive dates (`YYYY-MM-DD`), rows per page (1–1000), the cursor. */
export interface TransactionListQuery {
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

/** A paged list operation: call it for one page, or `.iterate(…)` for every row of every page. */
export type PagedOperation<Args extends unknown[], T> = {
  (...args: [...Args, query?: TransactionListQuery]): Promise<Page<T>>;
  /**
   * Every row from `query.cursor` (or the first page) to the last page, fetched a page at a time as you
   * consume them. Keyset pagination: rows added meanwhile never make you miss or repeat an older one.
   * @example for await (const tx of client.accountTransactions.iterate(token, accountId)) console.log(tx.amount)
   */
  iterate(...args: [...Args, query?: TransactionListQuery]): AsyncGenerator<T, void, undefined>;
};

/** Builds a paged operation from its one-page fetch (`operation` names it in errors). */
export function paged<Args extends unknown[], T>(
  operation: string,
  fetchPage: (args: Args, query: TransactionListQuery) => Promise<Page<T>>,
  arity: number,
): PagedOperation<Args, T> {
  const split = (all: unknown[]) => [all.slice(0, arity) as Args, (all[arity] ?? {}) as TransactionListQuery] as const;
  const one = (...all: unknown[]) => fetchPage(...split(all));
  async function* iterate(...all: unknown[]): AsyncGenerator<T, void, undefined> {
    const [args, query] = split(all);
    let cursor = query.cursor;
    for (;;) {
      const page = await fetchPage(args, { ...query, ...(cursor === undefined ? {} : { cursor }) });
      yield* page.data;
      if (page.nextCursor === null) return;
      // A server that answers the cursor it was given would loop for ever: a wire bug, said loudly.
      if (page.nextCursor === cursor)
        throw new FinlinkResponseError({ status: 200, operation }, [
          { path: "nextCursor", message: "the same cursor again: the walk would never end" },
        ]);
      cursor = page.nextCursor;
    }
  }
  return Object.assign(one, { iterate }) as PagedOperation<Args, T>;
}
