import {
  Account,
  ActivePosition,
  Investment,
  Portfolio,
  PortfolioTransactionPage,
  Problem,
  TransactionPage,
} from "@finlink/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { testBackends } from "../../testing/backends";
import { createDataFixture, type DataFixture } from "./data-fixture";

describe.each(testBackends())("data endpoints on %s", (_name, backend) => {
  let f: DataFixture;
  let account: Account;
  let portfolio: Portfolio;
  beforeAll(async () => {
    f = await createDataFixture(backend);
    [account] = (await f.read(z.array(Account), f.bank, "accounts")) as [Account];
    [portfolio] = (await f.read(z.array(Portfolio), f.broker, "portfolios")) as [Portfolio];
  });
  afterAll(() => f.ctx.close());

  const expectProblem = async (res: Response, status: number, reason?: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const problem = Problem.parse(await res.json());
    if (reason) expect(problem.reason).toBe(reason);
    return problem;
  };

  it("lists a bank connection's accounts, each as the contract describes it", async () => {
    const accounts = await f.read(z.array(Account), f.bank, "accounts");
    expect(accounts.length).toBeGreaterThanOrEqual(2);
    expect(accounts.length).toBeLessThanOrEqual(3);
    expect(accounts.every((a) => a.owners.length > 0)).toBe(true);
  });

  it("lists an account's transactions newest first, amounts as JSON numbers with two decimals", async () => {
    const res = await f.get(f.bank, `accounts/${account.id}/transactions`);
    const text = await res.text();
    const page = TransactionPage.parse(JSON.parse(text));
    expect(page.data.length).toBeGreaterThan(0);
    expect(page.data.every((t) => t.accountId === account.id)).toBe(true);
    // Every amount in the body is a bare number written with exactly two decimals.
    const amounts = [...text.matchAll(/"amount":([^,}]*)/g)].map((m) => m[1]);
    expect(amounts).toHaveLength(page.data.length);
    for (const amount of amounts) expect(amount).toMatch(/^-?(0|[1-9]\d*)\.\d{2}$/);
    const dates = page.data.map((t) => t.date);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it("lists a broker's portfolios, active positions, investments and portfolio transactions", async () => {
    const portfolios = await f.read(z.array(Portfolio), f.broker, "portfolios");
    expect(portfolios.length).toBeGreaterThan(0);
    const investments = await f.read(z.array(Investment), f.broker, "investments");
    const known = new Set(investments.map((i) => i.id));
    const positions = await f.read(z.array(ActivePosition), f.broker, "portfolios/active-positions");
    expect(positions.length).toBeGreaterThan(0);
    const portfolioIds = new Set(portfolios.map((p) => p.id));
    for (const p of positions) {
      expect(known.has(p.investment), p.investment).toBe(true);
      expect(portfolioIds.has(p.portfolio), p.portfolio).toBe(true);
      expect(p.titles).toBeGreaterThan(0);
    }
    for (const { id } of portfolios) {
      const page = await f.read(PortfolioTransactionPage, f.broker, `portfolios/${id}/transactions?limit=1000`);
      expect(page.data.length).toBeGreaterThan(0);
      expect(page.data.every((t) => t.portfolioId === id && known.has(t.investmentId))).toBe(true);
    }
  });

  it("answers empty lists, not errors, for data a connection does not have", async () => {
    expect(await f.read(z.array(Portfolio), f.bank, "portfolios")).toEqual([]);
    expect(await f.read(z.array(Investment), f.bank, "investments")).toEqual([]);
  });

  it("answers 404 for an account or portfolio the connection does not have", async () => {
    await expectProblem(await f.get(f.bank, "accounts/acc_nope/transactions"), 404, "UNKNOWN_ACCOUNT");
    await expectProblem(await f.get(f.bank, "portfolios/pf_nope/transactions"), 404, "UNKNOWN_PORTFOLIO");
    // Ids are scoped to their connection: the broker's portfolio is not the bank connection's.
    await expectProblem(await f.get(f.bank, `portfolios/${portfolio.id}/transactions`), 404, "UNKNOWN_PORTFOLIO");
    await expectProblem(await f.get(f.broker, `accounts/${account.id}/transactions`), 404, "UNKNOWN_ACCOUNT");
  });

  const everyPath = () => [
    "accounts",
    `accounts/${account.id}/transactions`,
    "portfolios",
    "portfolios/active-positions",
    `portfolios/${portfolio.id}/transactions`,
    "investments",
  ];

  it("answers 404 on every endpoint for another app's token and for an unknown connection token", async () => {
    const appB = await f.ctx.login(f.ctx.appB);
    const unknown = { ...f.bank, connectionToken: "con_unknown" };
    for (const path of everyPath()) {
      const connection = path.startsWith("portfolios") ? f.broker : f.bank;
      await expectProblem(await f.get(connection, path, appB), 404, "CONNECTION_NOT_FOUND");
      await expectProblem(await f.get(unknown, path), 404, "CONNECTION_NOT_FOUND");
    }
  });

  it("answers 403 without the read scope and 401 without a token", async () => {
    const writeOnly = await f.ctx.login(f.ctx.appA, ["write"]);
    for (const path of everyPath()) {
      await expectProblem(await f.get(f.broker, path, writeOnly), 403, "INSUFFICIENT_SCOPE");
      await expectProblem(await f.get(f.broker, path, ""), 401, "MISSING_TOKEN");
    }
  });

  it("bounds limit to 1..1000", async () => {
    const path = `accounts/${account.id}/transactions`;
    for (const limit of ["0", "1001", "-1", "1.5", "ten", ""]) {
      await expectProblem(await f.get(f.bank, `${path}?limit=${limit}`), 400, "VALIDATION_ERROR");
    }
    expect((await f.read(TransactionPage, f.bank, `${path}?limit=1`)).data).toHaveLength(1);
    await f.read(TransactionPage, f.bank, `${path}?limit=1000`);
  });

  it("refuses a cursor it did not issue with INVALID_CURSOR", async () => {
    const path = `accounts/${account.id}/transactions?cursor=`;
    const forge = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString("base64url");
    const cursors = [
      "!!!",
      "bm90IGpzb24",
      forge({ v: 2, d: "2026-01-01", i: "tx_1" }),
      forge({ v: 1, d: "2026-02-30", i: "tx_1" }),
      forge({ v: 1, d: "0000-01-01", i: "tx_1" }),
      forge({ v: 1, d: "2026-01-01", i: "tx\u0000" }),
      forge({ v: 1, d: "2026-01-01", i: "" }),
      forge(["2026-01-01", "tx_1"]),
      forge(null),
    ];
    for (const cursor of cursors) await expectProblem(await f.get(f.bank, path + cursor), 400, "INVALID_CURSOR");
    await expectProblem(await f.get(f.bank, path + "a".repeat(600)), 400, "VALIDATION_ERROR");
  });

  it("answers 4xx problems, never a 500, for hostile input", async () => {
    const tx = `accounts/${account.id}/transactions`;
    const paths = [
      `${tx}?from=0000-01-01`,
      `${tx}?to=2026-13-01`,
      `${tx}?from=2026-02-01&to=2026-01-01`,
      `${tx}?from=yesterday`,
      `${tx}?limit=1&limit=2`,
      `${tx}?cursor=a&cursor=b`,
      "accounts/%00/transactions",
      "accounts/a%00b/transactions",
      `accounts/${"x".repeat(300)}/transactions`,
      "portfolios/%E2%80%8F%0A/transactions",
      "portfolios/%ff/transactions",
    ];
    for (const path of paths) {
      const res = await f.get(path.startsWith("portfolios") ? f.broker : f.bank, path);
      expect([400, 404], `${path} → ${res.status}`).toContain(res.status);
      await expectProblem(res, res.status);
    }
  });
});
