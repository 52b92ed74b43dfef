import { describe, expect, it } from "vitest";
import type { ExtractBatch } from "../connectors/connector";
import { holdsAny, keepDesiredOwners, nameWords, ownerFilter, ownerMatches, readDesiredOwners } from "./desired-owners";

const ids = (rows: { id: string }[] | undefined) => (rows ?? []).map((row) => row.id).sort();

// Only the fields the filter reads; the rest of each row travels untouched.
const account = (id: string, owners: string[]) =>
  ({ id, owners }) as unknown as NonNullable<ExtractBatch["accounts"]>[0];
const portfolio = (id: string, owners: string[]) =>
  ({ id, owners }) as unknown as NonNullable<ExtractBatch["portfolios"]>[0];
const investment = (id: string) => ({ id, name: id }) as unknown as NonNullable<ExtractBatch["investments"]>[0];
const position = (id: string, portfolioId: string, investmentId: string) =>
  ({ id, portfolioId, investmentId }) as unknown as NonNullable<ExtractBatch["positions"]>[0];
const transaction = (id: string, accountId: string) =>
  ({ id, accountId }) as unknown as NonNullable<ExtractBatch["transactions"]>[0];
const movement = (id: string, portfolioId: string, investmentId: string) =>
  ({ id, portfolioId, investmentId }) as unknown as NonNullable<ExtractBatch["portfolioTransactions"]>[0];

const JANE = "SMITH GARCIA, JANE";
const JOHN = "DOE, JOHN";

/** A household as a connector yields it: holdings first, then transactions, then portfolio movements. */
const household = (): ExtractBatch[] => [
  {
    accounts: [
      account("acc_jane", [JANE]),
      account("acc_joint", [JOHN, JANE]),
      account("acc_john", [JOHN]),
      account("acc_nobody", []),
    ],
    portfolios: [portfolio("pf_jane", [JANE]), portfolio("pf_john", [JOHN])],
    investments: ["inv_held", "inv_john", "inv_sold", "inv_john_sold", "inv_unused"].map(investment),
    positions: [position("pos_jane", "pf_jane", "inv_held"), position("pos_john", "pf_john", "inv_john")],
  },
  {
    transactions: [
      transaction("tx_jane", "acc_jane"),
      transaction("tx_joint", "acc_joint"),
      transaction("tx_john", "acc_john"),
      transaction("tx_nobody", "acc_nobody"),
    ],
  },
  {
    portfolioTransactions: [
      movement("ptx_jane_buy", "pf_jane", "inv_held"),
      // Sold long ago: only this movement refers to it, two batches after it arrived.
      movement("ptx_jane_sold", "pf_jane", "inv_sold"),
      movement("ptx_john_sold", "pf_john", "inv_john_sold"),
    ],
  },
];

/** Every batch through one run's filter, merged by kind. */
function run(desired: string[] | null, batches = household()) {
  const keep = ownerFilter(desired);
  const out = batches.map(keep);
  const all = <K extends keyof ExtractBatch>(key: K) => out.flatMap((batch) => (batch[key] ?? []) as { id: string }[]);
  return {
    accounts: ids(all("accounts")),
    portfolios: ids(all("portfolios")),
    investments: ids(all("investments")),
    positions: ids(all("positions")),
    transactions: ids(all("transactions")),
    portfolioTransactions: ids(all("portfolioTransactions")),
  };
}

describe("name matching", () => {
  it("compares upper-cased words without accents, punctuation as spaces, spaces collapsed", () => {
    expect(nameWords("  María-José  Núñez,  o'Brien  ")).toEqual(["MARIA", "JOSE", "NUNEZ", "O", "BRIEN"]);
    expect(nameWords("Çağla Ørsted")).toEqual(["CAGLA", "ØRSTED"]);
    expect(nameWords(" - , . ")).toEqual([]);
    // Decomposed input (NFD already) folds the same as composed.
    expect(nameWords("Jose\u0301")).toEqual(nameWords("José"));
    // Compatibility forms fold (full-width letters, a ligature), and invisible format characters vanish.
    expect(nameWords("ＭＡＲＩＡ ｓáｎｃｈｅｚ")).toEqual(["MARIA", "SANCHEZ"]);
    expect(nameWords("ﬁne")).toEqual(["FINE"]);
    expect(nameWords("MA\u200bRIA JO\u200dSE\u2060")).toEqual(["MARIA", "JOSE"]);
    expect(ownerMatches("MARIA SANCHEZ ALVAREZ", "ＭＡＲＩＡ ＳＡＮＣＨＥＺ")).toBe(true);
  });

  it("matches when every desired word is among the holder's, in any order", () => {
    expect(ownerMatches("SMITH GARCIA, JANE", "Jane Smith")).toBe(true);
    expect(ownerMatches("GARCÍA LÓPEZ, ANA", "Ana Garcia Lopez")).toBe(true);
    expect(ownerMatches("Ana García López", "LOPEZ GARCIA ANA")).toBe(true);
    expect(ownerMatches("MUÑOZ PEREZ, LUCIA", "lucía muñoz")).toBe(true);
    // The other side of the boundary: one desired word missing, or a word only partly there.
    expect(ownerMatches("SMITH GARCIA, JANE", "Jane Smith Lopez")).toBe(false);
    expect(ownerMatches("SMITH GARCIA, JANE", "Janet Smith")).toBe(false);
    expect(ownerMatches("SMITH GARCIA, JANE", "Jan Smith")).toBe(false);
    expect(ownerMatches("DOE, JOHN", "Jane Smith")).toBe(false);
  });

  it("lets a desired name with no words match nobody, not everybody", () => {
    expect(ownerMatches("SMITH GARCIA, JANE", " - ")).toBe(false);
    expect(ownerMatches("SMITH GARCIA, JANE", "")).toBe(false);
  });

  it("needs one matching owner of the row for one of the desired names", () => {
    expect(holdsAny([JOHN, JANE], ["Jane Smith"])).toBe(true);
    expect(holdsAny([JOHN, JANE], ["Someone Else", "John Doe"])).toBe(true);
    expect(holdsAny([JOHN], ["Jane Smith"])).toBe(false);
    expect(holdsAny([], ["Jane Smith"])).toBe(false);
  });
});

describe("ownerFilter", () => {
  it("keeps the desired holder's accounts (joint ones too) and portfolios, with their rows and investments", () => {
    expect(run(["Jane Smith"])).toEqual({
      accounts: ["acc_jane", "acc_joint"],
      portfolios: ["pf_jane"],
      investments: ["inv_held", "inv_sold"],
      positions: ["pos_jane"],
      transactions: ["tx_jane", "tx_joint"],
      portfolioTransactions: ["ptx_jane_buy", "ptx_jane_sold"],
    });
  });

  it("keeps the other holder's side for the other name, and both for both", () => {
    expect(run(["john doe"])).toEqual({
      accounts: ["acc_john", "acc_joint"],
      portfolios: ["pf_john"],
      investments: ["inv_john", "inv_john_sold"],
      positions: ["pos_john"],
      transactions: ["tx_john", "tx_joint"],
      portfolioTransactions: ["ptx_john_sold"],
    });
    const both = run(["Jane Smith", "John Doe"]);
    expect(both.accounts).toEqual(["acc_jane", "acc_john", "acc_joint"].sort());
    expect(both.investments).toEqual(["inv_held", "inv_john", "inv_john_sold", "inv_sold"]);
  });

  it("keeps nothing for a name that matches nobody", () => {
    expect(run(["Nobody Here"])).toEqual({
      accounts: [],
      portfolios: [],
      investments: [],
      positions: [],
      transactions: [],
      portfolioTransactions: [],
    });
  });

  it("passes every row, the unreferenced investment too, without desired owners (null or empty)", () => {
    for (const desired of [null, []]) {
      const everything = run(desired);
      expect(everything.accounts).toHaveLength(4);
      expect(everything.investments).toContain("inv_unused");
      expect(everything.transactions).toHaveLength(4);
      expect(everything.portfolioTransactions).toHaveLength(3);
    }
  });

  it("gives an investment once, in the batch where a kept row first refers to it, also when it arrives late", () => {
    const keep = ownerFilter(["Jane Smith"]);
    const [holdings, , movements] = household().map(keep);
    expect(ids(holdings?.investments)).toEqual(["inv_held"]);
    expect(ids(movements?.investments)).toEqual(["inv_sold"]);
    // Referred to first, described in a later batch: given with that batch.
    const late = ownerFilter(["Jane Smith"]);
    late({ portfolios: [portfolio("pf_jane", [JANE])], positions: [position("pos", "pf_jane", "inv_late")] });
    expect(ids(late({ investments: [investment("inv_late"), investment("inv_other")] }).investments)).toEqual([
      "inv_late",
    ]);
  });

  it("forgets nothing between runs it does not share: each extraction starts its own filter", () => {
    const first = ownerFilter(["Jane Smith"]);
    first(household()[0] ?? {});
    const second = ownerFilter(["Jane Smith"]);
    expect(ids(second({ transactions: [transaction("tx_jane", "acc_jane")] }).transactions)).toEqual([]);
  });
});

describe("the desired_owners column", () => {
  it("reads null as no restriction and a list of names as itself", () => {
    expect(readDesiredOwners(null)).toBeNull();
    expect(readDesiredOwners(undefined)).toBeNull();
    expect(readDesiredOwners(["Jane Smith"])).toEqual(["Jane Smith"]);
  });

  it("refuses a damaged value instead of extracting everything", () => {
    for (const damaged of ["Jane Smith", [{ name: "Jane" }], { owners: [] }, 3]) {
      expect(() => readDesiredOwners(damaged), JSON.stringify(damaged)).toThrow(/desired_owners/);
    }
  });

  it("filters an extraction's batches as they come", async () => {
    async function* batches() {
      yield* household();
    }
    const kept: ExtractBatch[] = [];
    for await (const batch of keepDesiredOwners(batches(), ["Jane Smith"])) kept.push(batch);
    expect(kept).toHaveLength(3);
    expect(ids(kept[1]?.transactions)).toEqual(["tx_jane", "tx_joint"]);
  });
});
