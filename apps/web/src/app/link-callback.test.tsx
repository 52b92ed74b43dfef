import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CONNECTION_ID, connection, USER } from "../testing/fixtures";
import { renderApp } from "../testing/render-app";
import { json, problem, stubApi } from "../testing/stub-api";

// The real @finlink/link-react: completeLinkCallback reads window.location and window.parent.
const CONNECT = "?publicToken=pt_1&token=pt_1&operation=CONNECT&entity=sandbox_bank&state=st_1";
const UPDATE = "?token=ut_1&operation=UPDATE&entity=sandbox_bank&state=st_2";
// What the page that opened Link left for a full-page flow (link-react's own storage format).
const PENDING_FLOW_KEY = "finlink-link:pending-flow";

function openCallback(search: string) {
  window.history.replaceState(null, "", `/link/callback${search}`);
  return renderApp(`/link/callback${search}`, { strict: true });
}

function routes(extra: Parameters<typeof stubApi>[0] = {}) {
  return stubApi({
    "GET /api/me": () => USER,
    [`GET /api/connections/${CONNECTION_ID}`]: () => connection({ status: "PENDING", lastSync: null }),
    ...extra,
  });
}

afterEach(() => {
  window.history.replaceState(null, "", "/");
  Reflect.deleteProperty(window, "parent");
});

describe("/link/callback inside the modal's iframe", () => {
  it("hands the result to the app around it, on its own origin, and calls nothing itself", async () => {
    const parent = { postMessage: vi.fn() };
    Object.defineProperty(window, "parent", { value: parent, configurable: true });
    const api = routes();
    openCallback(CONNECT);
    expect(await screen.findByText("Finishing…")).toBeTruthy();
    expect(parent.postMessage).toHaveBeenCalledTimes(1);
    expect(parent.postMessage).toHaveBeenCalledWith(
      expect.objectContaining({ type: "SUCCESS", operation: "CONNECT", publicToken: "pt_1", state: "st_1" }),
      window.location.origin,
    );
    expect(api.requests).toHaveLength(0);
  });
});

describe("/link/callback on a full page", () => {
  it("exchanges a CONNECT and goes to the new connection", async () => {
    const api = routes({ "POST /api/link/exchange": () => json(connection({ status: "PENDING" }), 201) });
    const { router } = openCallback(CONNECT);
    await waitFor(() => expect(router.state.location.pathname).toBe(`/connections/${CONNECTION_ID}`));
    expect(api.to("POST /api/link/exchange")).toHaveLength(1);
    expect(api.to("POST /api/link/exchange")[0]?.body).toEqual({ publicToken: "pt_1", state: "st_1" });
    expect(await screen.findByText("Importing your data…")).toBeTruthy();
  });

  it("completes an UPDATE without exchanging anything", async () => {
    const api = routes({ "POST /api/link/complete": () => connection({ status: "UPDATING" }) });
    const { router } = openCallback(UPDATE);
    await waitFor(() => expect(router.state.location.pathname).toBe(`/connections/${CONNECTION_ID}`));
    expect(api.to("POST /api/link/complete")[0]?.body).toEqual({ state: "st_2" });
    expect(api.to("POST /api/link/exchange")).toHaveLength(0);
  });

  it("says a refused state is an expired or used link", async () => {
    routes({ "POST /api/link/exchange": () => problem(400, "INVALID_STATE", "The state is not valid") });
    const { router } = openCallback(CONNECT);
    expect(
      await screen.findByRole("heading", { level: 1, name: "This link has expired or was already used" }),
    ).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toContain("Nothing was added");
    expect(screen.getByRole("link", { name: "Back to your connections" }).getAttribute("href")).toBe("/");
    expect(router.state.location.pathname).toBe("/link/callback");
  });

  it("says a server failure is not the link's fault", async () => {
    routes({ "POST /api/link/exchange": () => problem(502, "FINLINK_UNAVAILABLE") });
    openCallback(CONNECT);
    expect(await screen.findByRole("heading", { name: "The connection could not be completed" })).toBeTruthy();
  });

  it("tells why Link ended with an error, with the way back to where the user started", async () => {
    sessionStorage.setItem(
      PENDING_FLOW_KEY,
      JSON.stringify({ state: "st_1", startedAt: Date.now(), returnTo: "/?from=add" }),
    );
    const api = routes();
    openCallback("?error=ACCOUNT_LOCKED&operation=CONNECT&state=st_1");
    expect(await screen.findByRole("heading", { name: "No connection was added" })).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toMatch(/locked/);
    expect(screen.getByRole("link", { name: "Back to your connections" }).getAttribute("href")).toBe("/?from=add");
    expect(api.to("POST /api/link/exchange")).toHaveLength(0);
  });

  it("goes straight back when the user just left Link", async () => {
    sessionStorage.setItem(PENDING_FLOW_KEY, JSON.stringify({ state: null, startedAt: Date.now(), returnTo: "/" }));
    routes({ "GET /api/connections": () => [] });
    const { router } = openCallback("?error=USER_EXIT&operation=CONNECT");
    await waitFor(() => expect(router.state.location.pathname).toBe("/"));
    expect(await screen.findByText(/No entity connected yet/)).toBeTruthy();
  });
});
