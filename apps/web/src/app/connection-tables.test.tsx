import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
// Loaded up front: the route is lazy.
import "./routes/connection";
import {
  account,
  CONNECTION_ID,
  connection,
  investment,
  portfolio,
  portfolioTransaction,
  position,
  transaction,
  USER,
} from "../testing/fixtures";
import { renderApp } from "../testing/render-app";
import { stubApi } from "../testing/stub-api";

// What the connection page's tables show beyond their rows: which sections a connection gets, the words for
// portfolio transaction types, and what the stacked (phone) layout relies on.

const BASE = `/api/connections/${CONNECTION_ID}`;
const PAGE = `/connections/${CONNECTION_ID}`;

function routes(data: {
  accounts?: unknown[];
  portfolios?: unknown[];
  positions?: unknown[];
  investments?: unknown[];
}) {
  return stubApi({
    "GET /api/me": () => USER,
    [`GET ${BASE}`]: () => connection(),
    [`GET ${BASE}/accounts`]: () => data.accounts ?? [],
    [`GET ${BASE}/accounts/acc-1/transactions`]: () => ({ data: [transaction("t1")], nextCursor: null }),
    [`GET ${BASE}/portfolios`]: () => data.portfolios ?? [],
    [`GET ${BASE}/portfolios/active-positions`]: () => data.positions ?? [],
    [`GET ${BASE}/investments`]: () => data.investments ?? [],
    [`GET ${BASE}/portfolios/pf-1/transactions`]: () => ({
      data: [portfolioTransaction("pt1"), portfolioTransaction("pt2", { type: "DIVIDENDS", amount: 160.8 })],
      nextCursor: null,
    }),
  });
}

const broker = () =>
  routes({
    portfolios: [portfolio()],
    positions: [position(), position({ investment: "inv-2", name: "Sin ISIN", isin: null })],
    investments: [investment()],
  });

describe("the sections of a connection", () => {
  it("a bank: its accounts, and no Portfolios or Investments sections saying there are none", async () => {
    const api = routes({ accounts: [account()] });
    renderApp(PAGE);
    await screen.findByRole("table", { name: "Transactions of Cuenta Nómina" });
    await waitFor(() => expect(api.to(`GET ${BASE}/investments`)).toHaveLength(1));
    await waitFor(() => expect(screen.queryByText("Loading…")).toBeNull());
    expect(screen.getByRole("heading", { level: 2, name: "Accounts" })).toBeTruthy();
    expect(screen.queryByRole("heading", { level: 2, name: "Portfolios" })).toBeNull();
    expect(screen.queryByRole("heading", { level: 2, name: "Investments" })).toBeNull();
  });
});

describe("a portfolio's transactions", () => {
  const types = async () => {
    const table = await screen.findByRole("table", { name: /^(Transactions of|Movimientos de) / });
    return within(table)
      .getAllByRole("row")
      .slice(1)
      .map((row) => row.querySelectorAll("td")[2]?.textContent);
  };

  it("name each type in words, not the wire's code", async () => {
    broker();
    const { user } = renderApp(PAGE);
    await user.click(await screen.findByText("Transactions"));
    expect(await types()).toEqual(["Buy", "Dividend"]);
  });

  it("in Spanish too", async () => {
    localStorage.setItem("finlink-web:lang", "es");
    broker();
    const { user } = renderApp(PAGE);
    await user.click(await screen.findByText("Movimientos"));
    expect(await types()).toEqual(["Compra", "Dividendo"]);
  });
});

describe("what the stacked layout relies on", () => {
  it("keeps explicit table roles, so a row laid out as a block is still a row of cells", async () => {
    broker();
    renderApp(PAGE);
    const table = await screen.findByRole("table", { name: "Active positions — Securities portfolio" });
    expect(table.getAttribute("role")).toBe("table");
    const [head, ...rows] = within(table).getAllByRole("row");
    expect(rows).toHaveLength(2);
    expect([head, ...rows].map((row) => row?.getAttribute("role"))).toEqual(["row", "row", "row"]);
    expect([...(head?.querySelectorAll("th") ?? [])].map((th) => th.getAttribute("role"))).toEqual(
      Array(5).fill("columnheader"),
    );
    expect([...(rows[0]?.querySelectorAll("td") ?? [])].map((td) => td.getAttribute("role"))).toEqual(
      Array(5).fill("cell"),
    );
  });

  it("gives the figures that say nothing alone their header (Titles, Weight) to show beside them", async () => {
    broker();
    renderApp(PAGE);
    const table = await screen.findByRole("table", { name: "Active positions — Securities portfolio" });
    const [, first] = within(table).getAllByRole("row");
    const labelled = [...(first?.querySelectorAll<HTMLElement>("td[data-label]") ?? [])];
    expect(labelled.map((td) => [td.dataset.label, td.textContent])).toEqual([
      ["Titles", "150"],
      ["Weight", "45.12%"],
    ]);
  });

  it("marks a missing ISIN, so a stacked row leaves it out instead of printing a dash", async () => {
    broker();
    renderApp(PAGE);
    const table = await screen.findByRole("table", { name: "Active positions — Securities portfolio" });
    const [, , missing] = within(table).getAllByRole("row");
    const isin = missing?.querySelectorAll("td")[1];
    expect(isin?.textContent).toBe("—");
    expect(isin?.querySelector(":scope > .no-value:only-child")).toBeTruthy();
  });
});
