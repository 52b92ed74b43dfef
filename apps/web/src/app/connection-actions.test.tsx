import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeLink } from "../testing/fake-link";
import { account, CONNECTION_ID, connection, transaction, USER } from "../testing/fixtures";
import { renderApp } from "../testing/render-app";
import { json, noContent, problem, stubApi } from "../testing/stub-api";

const fakeLink = vi.hoisted(() => ({ current: null as ReturnType<typeof createFakeLink> | null }));
vi.mock("@finlink/link-react", async (real) => ({
  ...(await real<typeof import("@finlink/link-react")>()),
  useFinlinkLink: (options: Parameters<ReturnType<typeof createFakeLink>["hook"]>[0]) =>
    fakeLink.current?.hook(options),
}));
const link = () => {
  if (!fakeLink.current) throw new Error("no fake link");
  return fakeLink.current;
};

const BASE = `/api/connections/${CONNECTION_ID}`;
const PAGE = `/connections/${CONNECTION_ID}`;
const UPDATE_URL = "http://127.0.0.1:4010/link?authToken=update";

beforeEach(() => {
  fakeLink.current = createFakeLink();
});

function routes(status: () => unknown, extra: Parameters<typeof stubApi>[0] = {}) {
  return stubApi({
    "GET /api/me": () => USER,
    "GET /api/connections": () => [],
    [`GET ${BASE}`]: status,
    [`GET ${BASE}/accounts`]: () => [account()],
    [`GET ${BASE}/accounts/acc-1/transactions`]: () => ({ data: [transaction("t1")], nextCursor: null }),
    [`GET ${BASE}/portfolios`]: () => [],
    [`GET ${BASE}/portfolios/active-positions`]: () => [],
    [`GET ${BASE}/investments`]: () => [],
    ...extra,
  });
}

describe("a failed connection", () => {
  it("explains a locked account, shows no data, and restores through Link", async () => {
    let current = connection({
      status: "ERRORED",
      lastSync: null,
      userAction: "RESTORE",
      errorDetails: { reason: "ACCOUNT_LOCKED", type: "USER_ERROR", retryable: false },
    });
    const api = routes(() => current, {
      [`POST ${BASE}/update`]: () => ({ url: UPDATE_URL }),
      "POST /api/link/complete": () => {
        current = connection({ status: "UPDATING" });
        return current;
      },
    });
    const { user } = renderApp(PAGE);
    expect(await screen.findByText("Your account at the entity is locked")).toBeTruthy();
    expect(screen.getByText("The import failed, so there is no data yet.")).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Accounts" })).toBeNull();
    expect(screen.getByText("Failed")).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "Restore connection" }));
    await waitFor(() => expect(link().open).toHaveBeenCalledTimes(1));
    expect(link().url()).toBe(UPDATE_URL);
    expect(api.to(`POST ${BASE}/update`)).toHaveLength(1);
    expect(api.to(`POST ${BASE}/update`)[0]?.body).toEqual({ lang: "en", theme: "LIGHT" });

    await link().succeed({ operation: "UPDATE", token: "rt_1", entity: "sandbox_bank", state: "st_9" });
    expect(await screen.findByText(/Updating your data…/)).toBeTruthy();
    expect(api.to("POST /api/link/complete")[0]?.body).toEqual({ state: "st_9" });
    expect(api.to("POST /api/link/exchange")).toHaveLength(0);
  });

  it("keeps the older data of an UPDATE_ERROR and says so", async () => {
    routes(() =>
      connection({
        status: "UPDATE_ERROR",
        errorDetails: { reason: "ENTITY_UNAVAILABLE", type: "ENTITY_ERROR", retryable: true },
      }),
    );
    renderApp(PAGE);
    expect(await screen.findByText("The entity is not available right now")).toBeTruthy();
    expect(screen.getByText(/^The last update failed\. The data below is from/)).toBeTruthy();
    expect(await screen.findByRole("article", { name: "Cuenta Nómina" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Refresh data" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Update now" })).toBeNull();
  });

  it("offers Update on a READY connection whose entity asks for a security check", async () => {
    routes(() => connection({ userAction: "UPDATE", twoFactorEnabled: true }));
    renderApp(PAGE);
    expect(await screen.findByRole("button", { name: "Update now" })).toBeTruthy();
    expect(screen.getByText(/asks for a security check/)).toBeTruthy();
    // A refresh could only ask again (a second "Actualizar" beside "Actualizar ahora" in Spanish): not offered.
    expect(screen.queryByRole("button", { name: "Refresh data" })).toBeNull();
    expect(screen.getByRole("button", { name: "Delete connection" })).toBeTruthy();
  });
});

describe("refresh", () => {
  it("starts an update, polls it, and reads the data again when it ends", async () => {
    let current = connection();
    const api = routes(() => current, {
      [`POST ${BASE}/refresh`]: () => {
        current = connection({ status: "UPDATING" });
        setTimeout(() => {
          current = connection({ lastSync: "2026-11-25T08:00:00.000Z" });
        }, 300);
        return json(current, 202);
      },
    });
    const { user } = renderApp(PAGE);
    await screen.findByRole("article", { name: "Cuenta Nómina" });
    expect(api.to(`GET ${BASE}/accounts`)).toHaveLength(1);

    await user.click(screen.getByRole("button", { name: "Refresh data" }));
    expect(await screen.findByText(/Updating your data…/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Refresh data" })).toBeNull();
    await waitFor(() => expect(screen.getByText("Up to date")).toBeTruthy(), { timeout: 3000 });
    await waitFor(() => expect(api.to(`GET ${BASE}/accounts`)).toHaveLength(2));
    expect(screen.getByText(/Last updated 25 Nov 2026/)).toBeTruthy();
  });

  it("a 409 USER_ACTION_REQUIRED is no failure: the connection is read again and offers Update now", async () => {
    let current = connection({ twoFactorEnabled: true });
    const api = routes(() => current, {
      [`POST ${BASE}/refresh`]: () => {
        current = connection({ twoFactorEnabled: true, userAction: "UPDATE" });
        return problem(409, "USER_ACTION_REQUIRED", "Conflict");
      },
    });
    const { user } = renderApp(PAGE);
    await user.click(await screen.findByRole("button", { name: "Refresh data" }));
    expect(await screen.findByRole("button", { name: "Update now" })).toBeTruthy();
    expect(screen.getByText(/asks for a security check/)).toBeTruthy();
    expect(screen.queryByText("The refresh could not be started.")).toBeNull();
    expect(api.to(`GET ${BASE}`).length).toBeGreaterThanOrEqual(2);
  });

  it("another 409 is still a failure", async () => {
    routes(() => connection(), { [`POST ${BASE}/refresh`]: () => problem(409, "UPDATE_IN_PROGRESS", "Conflict") });
    const { user } = renderApp(PAGE);
    await user.click(await screen.findByRole("button", { name: "Refresh data" }));
    expect(await screen.findByText("The refresh could not be started.")).toBeTruthy();
  });

  it("says so when the refresh cannot start", async () => {
    routes(() => connection(), { [`POST ${BASE}/refresh`]: () => problem(502, "FINLINK_UNAVAILABLE") });
    const { user } = renderApp(PAGE);
    await user.click(await screen.findByRole("button", { name: "Refresh data" }));
    expect(await screen.findByText("The refresh could not be started.")).toBeTruthy();
  });
});

describe("delete", () => {
  it("asks first; Cancel keeps the connection", async () => {
    const api = routes(() => connection(), { [`DELETE ${BASE}`]: () => noContent() });
    const { user } = renderApp(PAGE);
    await user.click(await screen.findByRole("button", { name: "Delete connection" }));
    const dialog = screen.getByRole("dialog", { name: "Delete this connection?" });
    expect(within(dialog).getByText(/erases everything it read from Sandbox Bank/)).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "Cancel" }));
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(api.to(`DELETE ${BASE}`)).toHaveLength(0);
  });

  it("deletes after the confirmation and goes back to the list", async () => {
    const api = routes(() => connection(), { [`DELETE ${BASE}`]: () => noContent() });
    const { user, router } = renderApp(PAGE);
    await user.click(await screen.findByRole("button", { name: "Delete connection" }));
    const dialog = screen.getByRole("dialog", { name: "Delete this connection?" });
    await user.click(within(dialog).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/"));
    expect(api.to(`DELETE ${BASE}`)).toHaveLength(1);
    expect(await screen.findByText(/No entity connected yet/)).toBeTruthy();
  });

  it("keeps the dialog open with the reason when the delete fails", async () => {
    routes(() => connection(), { [`DELETE ${BASE}`]: () => problem(500, null) });
    const { user, router } = renderApp(PAGE);
    await user.click(await screen.findByRole("button", { name: "Delete connection" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Delete" }));
    expect(await screen.findByText("The connection could not be deleted. Try again.")).toBeTruthy();
    expect(router.state.location.pathname).toBe(PAGE);
  });
});
