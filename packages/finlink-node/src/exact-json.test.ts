import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { overlayDigits, quoteNumbers } from "./exact-json";
import { connect, type Finlink, startFinlink, waitFor } from "./finlink.testing";

describe("quoteNumbers", () => {
  it("quotes every number literal outside strings, as written", () => {
    expect(quoteNumbers('{"a":12.30,"b":[-0.5,1e3,0],"c":true,"d":null}')).toBe(
      '{"a":"12.30","b":["-0.5","1e3","0"],"c":true,"d":null}',
    );
  });

  it("leaves strings alone, escaped quotes and backslashes included", () => {
    const json = JSON.stringify({ s: 'say "12.5" \\ 7', t: "\\", n: 3 });
    expect(JSON.parse(quoteNumbers(json))).toEqual({ s: 'say "12.5" \\ 7', t: "\\", n: "3" });
  });

  it("keeps digits a float would lose", () => {
    const quoted = JSON.parse(quoteNumbers('{"amount":123456789012345.67,"zero":10.00}'));
    expect(quoted).toEqual({ amount: "123456789012345.67", zero: "10.00" });
  });
});

describe("overlayDigits", () => {
  it("swaps each number of the checked value for its digits, by key and index", () => {
    const parsed = { a: 12.3, list: [{ b: 1, s: "x" }], n: null };
    const quoted = { a: "12.30", list: [{ b: "1.000", s: "x" }], n: null, extra: "7" };
    expect(overlayDigits(parsed, quoted)).toEqual({ a: "12.30", list: [{ b: "1.000", s: "x" }], n: null });
  });
});

describe('decimals: "string"', () => {
  let finlink: Finlink;
  let token: string;
  beforeAll(async () => {
    finlink = await startFinlink({ workers: true });
    token = (await connect(finlink.client(), "sandbox_broker")).connectionToken;
    await waitFor(finlink.client(), token, ["READY"]);
  });
  afterAll(() => finlink.close());

  /** The digits of `field` in Finlink's own answer text, in order. */
  async function digitsOnTheWire(path: string, field: string): Promise<string[]> {
    const res = await finlink.ctx.request("GET", path, { token: await finlink.ctx.login() });
    return [...(await res.text()).matchAll(new RegExp(`"${field}":(-?[0-9.]+)`, "g"))].map((m) => m[1] ?? "");
  }

  it("answers balances and position values as the digits Finlink wrote", async () => {
    const exact = finlink.client({ decimals: "string" });
    const accounts = await exact.accounts(token);
    expectTypeOf(accounts[0]?.balance).toEqualTypeOf<string | undefined>();
    const wire = await digitsOnTheWire(`/api/v1/queries/connections/${token}/accounts`, "balance");
    expect(wire.length).toBeGreaterThan(0);
    expect(accounts.map((a) => a.balance)).toEqual(wire);
    const positions = await exact.activePositions(token);
    const weights = await digitsOnTheWire(`/api/v1/queries/connections/${token}/portfolios/active-positions`, "weight");
    expect(positions.map((p) => p.weight)).toEqual(weights);
    expect(positions.map((p) => typeof p.titles)).toEqual(positions.map(() => "string"));
  });

  it("walks transaction pages with exact amounts, and leaves the default client on numbers", async () => {
    const exact = finlink.client({ decimals: "string" });
    const [portfolio] = await exact.portfolios(token);
    const first = (await exact.portfolioTransactions(token, String(portfolio?.id), { limit: 3 })).data;
    expect(first.length).toBeGreaterThan(0);
    for (const tx of first) expect(tx.amount).toMatch(/^-?\d+(\.\d+)?$/);
    expectTypeOf(first[0]?.amount).toEqualTypeOf<string | undefined>();
    const numbers = (await finlink.client().portfolioTransactions(token, String(portfolio?.id), { limit: 3 })).data;
    expect(numbers.map((t) => t.amount)).toEqual(first.map((t) => Number(t.amount)));
  });
});
