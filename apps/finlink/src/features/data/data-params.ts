import { PageQuery, TransactionQuery, text } from "@finlink/contracts";
import { z } from "@hono/zod-openapi";

// Every input here reaches SQL as a parameter. Values PostgreSQL itself refuses (a NUL character in
// text; the year 0000, which IsoDate refuses) must be a 400 here rather than a database error and a 500.

/** An account, portfolio or row id: printable text, as connectors issue them. */
export const DataId = text({ max: 200 });

const token = text({ max: 200 }).meta({ description: "The connection's permanent token" });

export const ConnectionParams = z.object({ connectionToken: token });
export const AccountParams = ConnectionParams.extend({
  accountId: DataId.meta({ description: "An account id from the accounts list" }),
});
export const PortfolioParams = ConnectionParams.extend({
  portfolioId: DataId.meta({ description: "A portfolio id from the portfolios list" }),
});

/** `from`/`to` (inclusive) plus `limit`/`cursor`, for both transaction lists. */
export const DatedPageQuery = TransactionQuery.extend(PageQuery.shape).refine(
  (q) => !q.from || !q.to || q.from <= q.to,
  { message: "from is after to", path: ["from"] },
);
