import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
// Loaded up front: the route is lazy, and a module load is real I/O that fake timers cannot advance.
import "./routes/connection";
import { advance, useFakeClock } from "../testing/clock";
import { stubEventSource } from "../testing/fake-event-source";
import { account, CONNECTION_ID, connection, USER } from "../testing/fixtures";
import { renderApp } from "../testing/render-app";
import { noContent, stubApi } from "../testing/stub-api";

const BASE = `/api/connections/${CONNECTION_ID}`;
const PAGE = `/connections/${CONNECTION_ID}`;
const pending = () => connection({ status: "PENDING", lastSync: null });

afterEach(() => {
  vi.useRealTimers();
});

/** A connection Finlink is still importing (every poll answers PENDING, or `status`), with one account once READY. */
function importingRoutes(status: () => ReturnType<typeof connection> = pending) {
  return stubApi({
    "GET /api/me": () => USER,
    [`GET ${BASE}`]: status,
    [`GET ${BASE}/accounts`]: () => [account()],
    [`GET ${BASE}/portfolios`]: () => [],
    [`GET ${BASE}/portfolios/active-positions`]: () => [],
    [`GET ${BASE}/investments`]: () => [],
  });
}

describe("the connection page's live events", () => {
  it("opens the events route, and a READY event shows the data without another poll", async () => {
    useFakeClock();
    const sources = stubEventSource();
    const api = importingRoutes();
    renderApp(PAGE);
    await advance(100);
    const source = sources.latest();
    expect(source.url).toBe(`${BASE}/events`);
    expect(screen.getByText("Importing your data…")).toBeTruthy();
    await source.open();
    const polls = api.to(`GET ${BASE}`).length;

    // Open stream: no polling, however long the import takes.
    await advance(10_000, 500);
    expect(api.to(`GET ${BASE}`)).toHaveLength(polls);

    await source.emit("connection", connection());
    await advance(100);
    expect(screen.queryByText("Importing your data…")).toBeNull();
    expect(screen.getByText("Up to date")).toBeTruthy();
    // READY: the data queries were (in)validated and read.
    await advance(100);
    expect(screen.getByRole("article", { name: "Cuenta Nómina" })).toBeTruthy();
    expect(api.to(`GET ${BASE}/accounts`)).toHaveLength(1);
    expect(api.to(`GET ${BASE}`)).toHaveLength(polls);
  });

  it("polls while the stream is down, and stops again once it is back", async () => {
    useFakeClock();
    const sources = stubEventSource();
    const api = importingRoutes();
    renderApp(PAGE);
    await advance(100);
    const source = sources.latest();
    await source.open();
    const polls = () => api.to(`GET ${BASE}`).length;
    const atOpen = polls();
    await advance(3000);
    expect(polls()).toBe(atOpen);

    await source.drop();
    await advance(1000);
    expect(polls()).toBe(atOpen + 1);
    await advance(1000);
    expect(polls()).toBe(atOpen + 2);

    // EventSource reconnected by itself: polling stops.
    await source.open();
    const reopened = polls();
    await advance(5000, 500);
    expect(polls()).toBe(reopened);
    // Still the one EventSource: the app does not open another for a drop.
    expect(sources.created).toHaveLength(1);
  });

  it("reads the data again when an update that failed becomes READY (no UPDATING seen in between)", async () => {
    useFakeClock();
    const sources = stubEventSource();
    const api = importingRoutes(() => connection({ status: "UPDATE_ERROR" }));
    renderApp(PAGE);
    await advance(200);
    expect(api.to(`GET ${BASE}/accounts`)).toHaveLength(1);
    await sources.latest().open();
    await sources.latest().emit("connection", connection({ lastSync: "2026-11-25T08:00:00.000Z" }));
    await advance(200);
    expect(api.to(`GET ${BASE}/accounts`)).toHaveLength(2);
  });

  it("keeps one stream open under StrictMode's double effects", async () => {
    const sources = stubEventSource();
    importingRoutes();
    renderApp(PAGE, { strict: true });
    expect(await screen.findByText("Importing your data…")).toBeTruthy();
    expect(sources.created.filter((s) => !s.closed)).toHaveLength(1);
  });

  it("closes the stream when the page goes away", async () => {
    const sources = stubEventSource();
    importingRoutes();
    const view = renderApp(PAGE);
    expect(await screen.findByText("Importing your data…")).toBeTruthy();
    const source = sources.latest();
    await source.open();
    expect(source.closed).toBe(false);
    view.unmount();
    expect(source.closed).toBe(true);
  });

  it("says the connection is gone on `deleted`, closes the stream and polls no more", async () => {
    useFakeClock();
    const sources = stubEventSource();
    const api = importingRoutes();
    renderApp(PAGE);
    await advance(100);
    const source = sources.latest();
    await source.open();
    await source.emit("deleted", { id: CONNECTION_ID });
    await advance(100);
    expect(screen.getByRole("heading", { level: 1, name: "Connection deleted" })).toBeTruthy();
    expect(screen.getByRole("status").textContent).toMatch(/was deleted/);
    expect(source.closed).toBe(true);
    const polls = api.to(`GET ${BASE}`).length;
    await advance(5000, 500);
    expect(api.to(`GET ${BASE}`)).toHaveLength(polls);
  });

  it("ignores an event that is not this connection's, or not a connection at all", async () => {
    useFakeClock();
    const sources = stubEventSource();
    importingRoutes();
    renderApp(PAGE);
    await advance(100);
    const source = sources.latest();
    await source.open();
    await source.emit("connection", connection({ id: "6a0c8b2e-0000-4c8a-9d5e-2b7f1c3a4d50" }));
    await source.emit("connection", { status: "READY" });
    await advance(100);
    expect(screen.getByText("Importing your data…")).toBeTruthy();
  });

  it("goes home after the user's own delete, even when the stream announces it before the DELETE answers", async () => {
    const sources = stubEventSource();
    let answer = () => {};
    const api = stubApi({
      "GET /api/me": () => USER,
      [`GET ${BASE}`]: () => connection(),
      [`GET ${BASE}/accounts`]: () => [account()],
      [`GET ${BASE}/portfolios`]: () => [],
      [`GET ${BASE}/portfolios/active-positions`]: () => [],
      [`GET ${BASE}/investments`]: () => [],
      "GET /api/connections": () => [],
      [`DELETE ${BASE}`]: () =>
        new Promise((resolve) => {
          answer = () => resolve(noContent());
        }),
    });
    const { user, router } = renderApp(PAGE);
    await user.click(await screen.findByRole("button", { name: "Delete connection" }));
    await sources.latest().open();
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(api.to(`DELETE ${BASE}`)).toHaveLength(1));
    await sources.latest().emit("deleted", { id: CONNECTION_ID });
    // Not "Connection deleted": the user did it, and the page goes where it said it would.
    expect(screen.queryByRole("heading", { level: 1, name: "Connection deleted" })).toBeNull();
    answer();
    await waitFor(() => expect(router.state.location.pathname).toBe("/"));
    expect(await screen.findByText(/No entity connected yet/)).toBeTruthy();
  });
});
