import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
// Loaded up front: the route is lazy.
import "./routes/connection";
import { addDays, todayUtc } from "../features/connection-detail/utils/period";
import { account, CONNECTION_ID, connection, portfolio, position, transaction, USER } from "../testing/fixtures";
import { renderApp } from "../testing/render-app";
import { type StubRequest, stubApi } from "../testing/stub-api";

afterEach(() => {
  vi.restoreAllMocks();
});

const BASE = `/api/connections/${CONNECTION_ID}`;
const PAGE = `/connections/${CONNECTION_ID}`;
const TODAY = todayUtc();
const ago = (days: number) => addDays(TODAY, -days);

// Balance 12,345.60; movements from today back to 120 days ago.
const MOVEMENTS = [
  transaction("t1", { date: ago(0), amount: -10.1, category: "SUPERMERCADO", description: "Compra Lidl" }),
  transaction("t2", { date: ago(29), amount: -5.05, category: "OCIO", description: 'Cine "Verdi", Madrid' }),
  transaction("t3", { date: ago(30), amount: 2000, category: "NOMINA", description: "Nómina" }),
  transaction("t4", { date: ago(30), amount: -0.2, category: null, description: "=HYPERLINK(1)" }),
  transaction("t5", { date: ago(120), amount: -99.99, category: "OCIO", description: "Concierto" }),
];

function routes(data: { positions?: unknown[]; portfolios?: unknown[] } = {}) {
  return stubApi({
    "GET /api/me": () => USER,
    [`GET ${BASE}`]: () => connection(),
    [`GET ${BASE}/accounts`]: () => [account()],
    // Finlink's date filter, as the API applies it (both ends inclusive).
    [`GET ${BASE}/accounts/acc-1/transactions`]: (r: StubRequest) => {
      const from = r.query.get("from") ?? "";
      const to = r.query.get("to") ?? "9999";
      return { data: MOVEMENTS.filter((m) => m.date >= from && m.date <= to), nextCursor: null };
    },
    [`GET ${BASE}/portfolios`]: () => data.portfolios ?? [],
    [`GET ${BASE}/portfolios/active-positions`]: () => data.positions ?? [],
    [`GET ${BASE}/investments`]: () => [],
  });
}

/** The page, with the account's "Balance and spending" opened (the charts mount then). */
async function openCharts() {
  const view = renderApp(PAGE);
  await view.user.click(await screen.findByText("Balance and spending"));
  return view;
}

/** The exact decimals a chart's figures table holds, by row. */
async function figures(user: ReturnType<typeof renderApp>["user"], name: string) {
  const figure = await screen.findByRole("figure", { name });
  const toggle = within(figure).getByRole("button", { name: /^(Show|Hide) the figures$/ });
  if (toggle.getAttribute("aria-expanded") === "false") await user.click(toggle);
  const rows = within(figure).getAllByRole("row").slice(1);
  return rows.map((row) => [...row.querySelectorAll("data")].map((d) => d.value));
}

describe("an account's charts", () => {
  it("reads the longest period once, from Finlink's date filter, every page", async () => {
    const api = routes();
    const { user } = renderApp(PAGE);
    const toggle = await screen.findByText("Balance and spending");
    await waitFor(() => expect(screen.queryByText("Loading…")).toBeNull());
    // Closed, nothing is read for the charts; opened, the longest period once.
    expect(api.to(`GET ${BASE}/accounts/acc-1/transactions`).filter((r) => r.query.get("limit") === "1000")).toEqual(
      [],
    );
    await user.click(toggle);
    await screen.findByRole("figure", { name: "Balance over time" });
    const reads = api.to(`GET ${BASE}/accounts/acc-1/transactions`).filter((r) => r.query.get("limit") === "1000");
    expect(reads.map((r) => [r.query.get("from"), r.query.get("to")])).toEqual([[ago(364), null]]);
  });

  it("the balance series ends at the reported balance, starting at the level before the period", async () => {
    routes();
    const { user } = await openCharts();
    const rows = await figures(user, "Balance over time");
    // 30 days, from ago(29): that day's close (after its −5.05), then today's (after −10.10) = the balance.
    expect(rows).toEqual([["12355.70"], ["12345.60"]]);
    // 90 days: the level before the period's first movement (at ago(89)), then each day with movements.
    await user.click(screen.getByRole("radio", { name: "Last 90 days" }));
    expect(await figures(user, "Balance over time")).toEqual([["10360.95"], ["12360.75"], ["12355.70"], ["12345.60"]]);
  });

  it("spending by category sums to the period's spending; the boundary day is in, the day before out", async () => {
    routes();
    const { user } = await openCharts();
    expect(await figures(user, "Spending by category")).toEqual([["10.10"], ["5.05"]]);
    expect(screen.getByText("€15.15 spent in the period; most on SUPERMERCADO.")).toBeTruthy();

    await user.click(screen.getByRole("radio", { name: "Last 90 days" }));
    expect(await figures(user, "Spending by category")).toEqual([["10.10"], ["5.05"], ["0.20"]]);
    expect(screen.getByText("€15.35 spent in the period; most on SUPERMERCADO.")).toBeTruthy();
    await user.click(screen.getByRole("radio", { name: "Last 365 days" }));
    expect(await figures(user, "Spending by category")).toEqual([["105.04"], ["10.10"], ["0.20"]]);
  });

  it("the figures toggle says its state and hides the table again", async () => {
    routes();
    const { user } = await openCharts();
    const figure = await screen.findByRole("figure", { name: "Income and spending per month" });
    const toggle = within(figure).getByRole("button", { name: "Show the figures" });
    await user.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(within(figure).getByRole("table")).toBeTruthy();
    await user.click(within(figure).getByRole("button", { name: "Hide the figures" }));
    expect(within(figure).queryByRole("table")).toBeNull();
  });
});

describe("a broker's allocation", () => {
  it("by asset type and by portfolio, from the active positions' amounts", async () => {
    routes({
      portfolios: [portfolio()],
      positions: [
        position({ amount: 9024.1, weight: 0.6 }),
        position({ investment: "inv-2", name: "Fondo", assetType: "FUND", amount: 6016.05, weight: 0.4 }),
      ],
    });
    const { user } = renderApp(PAGE);
    expect(await figures(user, "By asset type")).toEqual([["9024.10"], ["6016.05"]]);
    expect(await figures(user, "By portfolio")).toEqual([["15040.15"]]);
    expect(await figures(user, "Value of each position")).toEqual([["9024.10"], ["6016.05"]]);
  });
});

describe("search and export", () => {
  it("filters by text, sign and category over every row, and exports them as CSV", async () => {
    routes();
    const created: Blob[] = [];
    vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
      created.push(blob as Blob);
      return "blob:x";
    });
    vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => {});
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    const { user } = renderApp(PAGE);
    await user.click(await screen.findByText("Search and export"));
    expect(await screen.findByText("5 transactions match.")).toBeTruthy();

    await user.type(screen.getByRole("searchbox", { name: "Search" }), "cine madrid");
    expect(await screen.findByText("1 transaction matches.")).toBeTruthy();
    await user.clear(screen.getByRole("searchbox", { name: "Search" }));
    await user.click(screen.getByRole("radio", { name: "Money out" }));
    expect(await screen.findByText("4 transactions match.")).toBeTruthy();
    await user.selectOptions(screen.getByRole("combobox", { name: "Category" }), "Uncategorised");
    expect(await screen.findByText("1 transaction matches.")).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "Export CSV" }));
    expect(click).toHaveBeenCalledTimes(1);
    const csv = await (created[0] as Blob).text();
    expect(csv.replace(/^\uFEFF/, "").split("\r\n")).toEqual([
      "date,valueDate,description,category,type,amount,currency",
      `${ago(30)},2026-11-20,"'=HYPERLINK(1)",,DEBIT,-0.20,EUR`,
      "",
    ]);
  });

  it("sends the date range to Finlink, and says a reversed range instead of reading", async () => {
    const api = routes();
    const { user } = renderApp(PAGE);
    await user.click(await screen.findByText("Search and export"));
    await screen.findByText("5 transactions match.");
    fireEvent.change(screen.getByLabelText("From"), { target: { value: ago(30) } });
    expect(await screen.findByText("4 transactions match.")).toBeTruthy();
    const last = api.to(`GET ${BASE}/accounts/acc-1/transactions`).at(-1);
    expect([last?.query.get("from"), last?.query.get("to")]).toEqual([ago(30), null]);

    const before = api.requests.length;
    fireEvent.change(screen.getByLabelText("To"), { target: { value: ago(31) } });
    expect((await screen.findByRole("alert")).textContent).toBe("The “To” date is before the “From” date.");
    await waitFor(() => expect(screen.queryByText(/match/)).toBeNull());
    expect(api.requests.length).toBe(before);
  });
});
