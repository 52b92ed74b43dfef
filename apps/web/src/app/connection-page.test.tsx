import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeLink } from "../testing/fake-link";
// Loaded up front: the route is lazy, and a module load is real I/O that fake timers cannot advance.
import "./routes/connection";
import { advance, useFakeClock } from "../testing/clock";
import {
  account,
  CONNECTION_ID,
  connection,
  investment,
  portfolio,
  position,
  transaction,
  USER,
} from "../testing/fixtures";
import { renderApp } from "../testing/render-app";
import { problem, type StubRequest, stubApi } from "../testing/stub-api";

const fakeLink = vi.hoisted(() => ({ current: null as ReturnType<typeof createFakeLink> | null }));
vi.mock("@finlink/link-react", async (real) => ({
  ...(await real<typeof import("@finlink/link-react")>()),
  useFinlinkLink: (options: Parameters<ReturnType<typeof createFakeLink>["hook"]>[0]) =>
    fakeLink.current?.hook(options),
}));

const BASE = `/api/connections/${CONNECTION_ID}`;
const PAGE = `/connections/${CONNECTION_ID}`;
const plain = (text: string | null | undefined) => (text ?? "").replace(/[\u00a0\u202f]/g, " ");

beforeEach(() => {
  fakeLink.current = createFakeLink();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A bank connection with one account whose transactions come in three pages, the second repeating a row. */
function bankRoutes(status: () => ReturnType<typeof connection>, extra: Parameters<typeof stubApi>[0] = {}) {
  const pages: Record<string, { data: ReturnType<typeof transaction>[]; nextCursor: string | null }> = {
    "": { data: [transaction("t1"), transaction("t2", { amount: 1500, description: "Nómina" })], nextCursor: "c2" },
    c2: { data: [transaction("t2", { amount: 1500, description: "Nómina" }), transaction("t3")], nextCursor: "c3" },
    c3: { data: [transaction("t4")], nextCursor: null },
  };
  return stubApi({
    "GET /api/me": () => USER,
    [`GET ${BASE}`]: status,
    [`GET ${BASE}/accounts`]: () => [account()],
    [`GET ${BASE}/accounts/acc-1/transactions`]: (r: StubRequest) => pages[r.query.get("cursor") ?? ""],
    [`GET ${BASE}/portfolios`]: () => [],
    [`GET ${BASE}/portfolios/active-positions`]: () => [],
    [`GET ${BASE}/investments`]: () => [],
    ...extra,
  });
}

describe("a READY connection", () => {
  it("shows its accounts with the IBAN in groups of four and the balance in euros", async () => {
    bankRoutes(() => connection());
    renderApp(PAGE);
    expect(await screen.findByRole("heading", { level: 1, name: "Sandbox Bank" })).toBeTruthy();
    const card = await screen.findByRole("article", { name: "Cuenta Nómina" });
    expect(within(card).getByText("ES91 2100 0418 4502 0005 1332")).toBeTruthy();
    expect(within(card).getByText("€12,345.60")).toBeTruthy();
    expect(within(card).getByText("ANA GARCIA LOPEZ")).toBeTruthy();
    expect(screen.getByText("Up to date")).toBeTruthy();
  });

  it("loads transactions a page at a time, each row once, until the last page", async () => {
    const api = bankRoutes(() => connection());
    const { user } = renderApp(PAGE);
    const table = await screen.findByRole("table", { name: "Transactions of Cuenta Nómina" });
    const descriptions = () =>
      within(table)
        .getAllByRole("row")
        .slice(1)
        .map((row) => row.querySelectorAll("td")[1]?.textContent);
    expect(descriptions()).toEqual(["Movimiento t1", "Nómina"]);
    expect(screen.getByText("2 shown")).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "Load more" }));
    await waitFor(() => expect(descriptions()).toEqual(["Movimiento t1", "Nómina", "Movimiento t3"]));
    await user.click(screen.getByRole("button", { name: "Load more" }));
    await waitFor(() => expect(descriptions()).toEqual(["Movimiento t1", "Nómina", "Movimiento t3", "Movimiento t4"]));

    expect(screen.getByText("All 4 shown")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
    // The list's own pages (the charts read theirs in pages of 1000, from a date).
    const listPages = api.to(`GET ${BASE}/accounts/acc-1/transactions`).filter((r) => r.query.get("limit") === "25");
    expect(listPages.map((r) => r.query.get("cursor"))).toEqual([null, "c2", "c3"]);
    expect(within(table).getAllByText("-€42.10")).toHaveLength(3);
  });

  it("shows portfolios with their positions (weight as a percentage) and the investments", async () => {
    bankRoutes(() => connection({ entity: "sandbox_broker", entityName: "Sandbox Broker" }), {
      [`GET ${BASE}/accounts`]: () => [],
      [`GET ${BASE}/portfolios`]: () => [portfolio()],
      [`GET ${BASE}/portfolios/active-positions`]: () => [
        position(),
        position({
          investment: "inv-2",
          name: "Fondo Global",
          isin: "LU0996182563",
          titles: 12.345,
          weight: 0.5488,
          amount: 10976,
        }),
        position({ portfolio: "pf-other", investment: "inv-3", name: "Elsewhere" }),
      ],
      [`GET ${BASE}/investments`]: () => [
        investment(),
        investment({
          id: "inv-2",
          name: "Fondo Global",
          assetType: "FUND",
          exchange: null,
          managementCompany: { name: "Gestora SA", cif: "A00000000" },
        }),
      ],
    });
    renderApp(PAGE);
    const card = await screen.findByRole("article", { name: "Securities portfolio" });
    const positions = await within(card).findByRole("table", { name: "Active positions — Securities portfolio" });
    const rows = within(positions).getAllByRole("row").slice(1);
    expect(rows.map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent))).toEqual([
      ["Iberdrola", "ES0144580Y14", "150", "€9,024.00", "45.12%"],
      ["Fondo Global", "LU0996182563", "12.345", "€10,976.00", "54.88%"],
    ]);
    expect(within(card).getByText("€20,000.00")).toBeTruthy();

    const investments = await screen.findByRole("table", { name: "Investments" });
    expect(within(investments).getByText("Fund")).toBeTruthy();
    expect(within(investments).getByText("Gestora SA")).toBeTruthy();
    expect(screen.getByText("This connection has no accounts.")).toBeTruthy();
  });

  it("speaks Spanish: es-ES amounts and the Spanish copy", async () => {
    localStorage.setItem("finlink-web:lang", "es");
    bankRoutes(() => connection());
    renderApp(PAGE);
    const card = await screen.findByRole("article", { name: "Cuenta Nómina" });
    expect(plain(within(card).getByText(/12\.345,60/).textContent)).toBe("12.345,60 €");
    expect(screen.getByRole("heading", { level: 2, name: "Cuentas" })).toBeTruthy();
    expect(document.documentElement.lang).toBe("es");
  });

  it("says a connection that is not the user's does not exist", async () => {
    stubApi({ "GET /api/me": () => USER, [`GET ${BASE}`]: () => problem(404, "NOT_FOUND") });
    renderApp(PAGE);
    expect(await screen.findByText("This connection does not exist, or it is not yours.")).toBeTruthy();
    // Said as what it is, not as "Something went wrong".
    expect(screen.getByRole("heading", { level: 1, name: "Connection not found" })).toBeTruthy();
  });
});

describe("while the import runs", () => {
  it("shows the progress, polls every second, and shows the data once READY — without a reload", async () => {
    useFakeClock();
    let polls = 0;
    const api = bankRoutes(() => {
      polls += 1;
      return connection(polls < 3 ? { status: "PENDING", lastSync: null } : {});
    });
    renderApp(PAGE);
    await advance(100);
    expect(polls).toBe(1);
    expect(screen.getByText("Importing your data…")).toBeTruthy();
    expect(api.to(`GET ${BASE}/accounts`)).toHaveLength(0);

    await advance(1000);
    expect(polls).toBe(2);
    await advance(1000);
    expect(polls).toBe(3);
    expect(screen.queryByText("Importing your data…")).toBeNull();
    expect(screen.getByRole("article", { name: "Cuenta Nómina" })).toBeTruthy();

    // READY is final: no more polls.
    await advance(30_000, 1000);
    expect(polls).toBe(3);
  });

  it("stops after 10 minutes with a message, and checks again on request", async () => {
    useFakeClock();
    const times: number[] = [];
    bankRoutes(() => {
      times.push(Date.now());
      return connection({ status: "PENDING", lastSync: null });
    });
    renderApp(PAGE);
    await advance(9 * 60_000 + 50_000, 500);
    expect(screen.queryByText("This is taking longer than usual")).toBeNull();
    // 1 s at first, backing off to 5 s, never more.
    const gaps = times.slice(1).map((time, i) => time - (times[i] ?? 0));
    expect(gaps.slice(0, 9)).toEqual(Array(9).fill(1000));
    expect(Math.max(...gaps)).toBe(5000);
    expect(gaps.slice(-50)).toEqual(Array(50).fill(5000));
    const polls = () => times.length;

    await advance(11_000, 500);
    expect(screen.getByText("This is taking longer than usual")).toBeTruthy();
    const stoppedAt = polls();
    // The last poll was scheduled (at most 5 s ahead) before the limit.
    expect(times.at(-1)).toBeLessThanOrEqual((times[0] ?? 0) + 10 * 60_000 + 5000);
    await advance(60_000, 1000);
    expect(polls()).toBe(stoppedAt);

    fireEvent.click(screen.getByRole("button", { name: "Check again" }));
    await advance(100);
    expect(polls()).toBe(stoppedAt + 1);
    expect(screen.queryByText("This is taking longer than usual")).toBeNull();
    await advance(1000);
    expect(polls()).toBe(stoppedAt + 2);
  });
});
