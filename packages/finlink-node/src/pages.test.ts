import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connect, editJson, type Finlink, startFinlink, waitFor } from "./finlink.testing";

let finlink: Finlink;
let client: ReturnType<Finlink["client"]>;
let bank: string;
let broker: string;

beforeAll(async () => {
  finlink = await startFinlink({ workers: true });
  client = finlink.client();
  bank = (await connect(client, "sandbox_bank")).connectionToken;
  broker = (await connect(client, "sandbox_broker")).connectionToken;
  await waitFor(client, bank, ["READY"]);
  await waitFor(client, broker, ["READY"]);
});
afterAll(() => finlink.close());
afterEach(() => finlink.reset());

const collect = async <T>(rows: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
};
const pageRequests = () => finlink.seen.filter((r) => r.path.endsWith("/transactions"));

describe("iterate", () => {
  it("walks every page of an account's transactions: each row once, newest first, as one big page has them", async () => {
    const accounts = await client.accounts(bank);
    expect(accounts.length).toBeGreaterThan(1);
    for (const account of accounts) {
      const all = (await client.accountTransactions(bank, account.id, { limit: 1000 })).data;
      expect(all.length).toBeGreaterThan(0);
      finlink.reset();
      const walked = await collect(client.accountTransactions.iterate(bank, account.id, { limit: 7 }));
      expect(walked.map((t) => t.id)).toEqual(all.map((t) => t.id));
      expect(new Set(walked.map((t) => t.id)).size).toBe(walked.length);
      // The last page says it is the last: no empty page is asked for, even when the rows fill every page
      // (the sandbox's rows follow the calendar, so some days an account holds a multiple of 7).
      expect(pageRequests()).toHaveLength(Math.ceil(all.length / 7));
    }
  });

  it("walks a portfolio's transactions, within the dates given", async () => {
    const [portfolio] = await client.portfolios(broker);
    const id = String(portfolio?.id);
    const all = (await client.portfolioTransactions(broker, id, { limit: 1000 })).data;
    expect(all.length).toBeGreaterThan(4);
    const to = String(all[1]?.date);
    const from = String(all.at(-2)?.date);
    const inRange = all.filter((t) => t.date >= from && t.date <= to);
    const walked = await collect(client.portfolioTransactions.iterate(broker, id, { from, to, limit: 2 }));
    expect(walked.map((t) => t.id)).toEqual(inRange.map((t) => t.id));
  });

  it("starts at the cursor given", async () => {
    const [account] = await client.accounts(bank);
    const id = String(account?.id);
    const first = await client.accountTransactions(bank, id, { limit: 2 });
    const all = (await client.accountTransactions(bank, id, { limit: 1000 })).data;
    const rest = await collect(client.accountTransactions.iterate(bank, id, { cursor: String(first.nextCursor) }));
    expect(rest.map((t) => t.id)).toEqual(all.slice(2).map((t) => t.id));
  });

  it("fetches a page only when the rows before it are consumed", async () => {
    const [account] = await client.accounts(bank);
    finlink.reset();
    for await (const _ of client.accountTransactions.iterate(bank, String(account?.id), { limit: 2 })) break;
    expect(pageRequests()).toHaveLength(1);
  });

  it("stops with an error when Finlink answers the cursor it was given (it would loop for ever)", async () => {
    const [account] = await client.accounts(bank);
    // Every page answers like the first, but pointing at itself.
    let first: Promise<Response> | undefined;
    finlink.intercept((req, forward) => {
      if (!req.path.endsWith("/transactions")) return forward();
      first ??= forward().then((res) => editJson(res, (body) => ({ ...(body as object), nextCursor: "same" })));
      return first.then((res) => res.clone());
    });
    await expect(collect(client.accountTransactions.iterate(bank, String(account?.id), { limit: 2 }))).rejects.toThrow(
      "nextCursor: the same cursor again",
    );
    expect(pageRequests()).toHaveLength(2);
  });
});
