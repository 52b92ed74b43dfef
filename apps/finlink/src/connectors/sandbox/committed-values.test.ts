import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SandboxData } from "./generate";
import { extractAll } from "./test-support";

/**
 * Values generated once and committed (`committed-values.json`, at TEST_NOW). The byte-for-byte test in
 * generate.test.ts compares two runs of one process, so a seed that changed per process (a random salt,
 * the clock, the process id) would pass it; these are what every process, on every machine, must produce.
 * If the generator changes on purpose, regenerate the file and say so: integrators' tests may pin them.
 */
const committed: Record<string, unknown> = JSON.parse(
  readFileSync(new URL("./committed-values.json", import.meta.url), "utf8"),
);

/** The parts of an extraction the committed file pins. */
function summary(data: SandboxData) {
  return {
    accounts: data.accounts.map((a) => ({ id: a.id, iban: a.iban, balance: a.balance, owner: a.owners[0]?.name })),
    firstTransactions: data.transactions
      .slice(0, 3)
      .map((t) => ({ id: t.id, date: t.date, amount: t.amount, description: t.description })),
    transactionCount: data.transactions.length,
    ...(data.investments.length > 0
      ? {
          investments: data.investments.slice(0, 2).map((i) => ({ id: i.id, isin: i.isin })),
          firstPortfolioTransactions: data.portfolioTransactions
            .slice(0, 2)
            .map((t) => ({ id: t.id, amount: t.amount, shares: t.shares })),
          portfolios: data.portfolios.map((p) => ({ id: p.id, balance: p.balance })),
        }
      : {}),
  };
}

describe("sandbox data against committed values", () => {
  const pairs = Object.keys(committed);

  it("pins bank and broker users of several entities", () => {
    expect(pairs).toEqual(
      expect.arrayContaining([
        "sandbox_bank/user_good",
        "sandbox_bank/user_otp",
        "sandbox_bank_dni/user_good",
        "sandbox_broker/user_good",
      ]),
    );
  });

  it.each(pairs)("%s generates the committed accounts, IBANs, balances and first transactions", async (pair) => {
    const [entity = "", username = ""] = pair.split("/");
    expect(summary(await extractAll(entity, username))).toEqual(committed[pair]);
  });
});
