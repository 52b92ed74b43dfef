import { describe, expect, it } from "vitest";
import type { SandboxData } from "./generate";
import { extractAll } from "./test-support";

/**
 * Values generated once and committed (`committed-values.json`, at TEST_NOW). The byte-for-byte test in
 * generate.test.ts compares two runs of one process, so a seed that changed per process (a random salt,
 * the clock, the process id) would pass it; these are what every process, on every machine, must produce.
 * If the generator changes on purpose, regenerate the file with
 *   node_modules/.bin/vitest run apps/finlink/src/connectors/sandbox/committed-values.test.ts -u
 * and say so: integrators' tests may pin these values.
 */
const PAIRS = [
  "sandbox_bank/user_good",
  "sandbox_bank/user_otp",
  "sandbox_bank_dni/user_good",
  "sandbox_broker/user_good",
  "sandbox_bank/user_joint",
  "sandbox_broker/user_joint",
];

/** The parts of an extraction the committed file pins. */
function summary(data: SandboxData) {
  return {
    accounts: data.accounts.map((a) => ({ id: a.id, iban: a.iban, balance: a.balance, owners: a.owners })),
    firstTransactions: data.transactions
      .slice(0, 3)
      .map((t) => ({ id: t.id, date: t.date, amount: t.amount, type: t.type, description: t.description })),
    transactionCount: data.transactions.length,
    ...(data.investments.length > 0
      ? {
          investments: data.investments.slice(0, 2).map((i) => ({ id: i.id, isin: i.isin })),
          firstPortfolioTransactions: data.portfolioTransactions
            .slice(0, 2)
            .map((t) => ({ id: t.id, type: t.type, amount: t.amount, shares: t.shares })),
          portfolioTransactionCount: data.portfolioTransactions.length,
          portfolios: data.portfolios.map((p) => ({ id: p.id, balance: p.balance, owners: p.owners })),
          foreignPositions: data.positions
            .filter((p) => p.localCurrency !== "EUR")
            .map(({ investmentId, titles, amount, localAmount, localCurrency, exchangeRate }) => ({
              investmentId,
              titles,
              amount,
              localAmount,
              localCurrency,
              exchangeRate,
            })),
        }
      : {}),
  };
}

describe("sandbox data against committed values", () => {
  it("generates the committed accounts, IBANs, owners, balances, first transactions and positions", async () => {
    const values: Record<string, unknown> = {};
    for (const pair of PAIRS) {
      const [entity = "", username = ""] = pair.split("/");
      values[pair] = summary(await extractAll(entity, username));
    }
    await expect(`${JSON.stringify(values, null, 2)}\n`).toMatchFileSnapshot("./committed-values.json");
  });
});
