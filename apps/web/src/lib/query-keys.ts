/**
 * Every react-query key, hierarchical so one invalidation reaches what depends on it: invalidating
 * `connection(id)` refetches the status and every read of that connection, `connections` all of them.
 */
export const queryKeys = {
  me: ["me"] as const,
  connections: ["connections"] as const,
  connection: (id: string) => ["connections", id] as const,
  accounts: (id: string) => ["connections", id, "accounts"] as const,
  accountTransactions: (id: string, accountId: string) =>
    ["connections", id, "accounts", accountId, "transactions"] as const,
  portfolios: (id: string) => ["connections", id, "portfolios"] as const,
  activePositions: (id: string) => ["connections", id, "portfolios", "active-positions"] as const,
  portfolioTransactions: (id: string, portfolioId: string) =>
    ["connections", id, "portfolios", portfolioId, "transactions"] as const,
  investments: (id: string) => ["connections", id, "investments"] as const,
};

/** The base of every connection data read, below `connection(id)` (the status itself is `connection(id)`). */
export const isConnectionDataKey = (id: string) => (key: readonly unknown[]) =>
  key[0] === "connections" && key[1] === id && key.length > 2;
