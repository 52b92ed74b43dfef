import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeLink } from "../testing/fake-link";
import { CONNECTION_ID, connection, USER } from "../testing/fixtures";
import { renderApp } from "../testing/render-app";
import { json, problem, stubApi } from "../testing/stub-api";

const fakeLink = vi.hoisted(() => ({ current: null as ReturnType<typeof createFakeLink> | null }));
vi.mock("@finlink/link-react", async (real) => ({
  ...(await real<typeof import("@finlink/link-react")>()),
  useFinlinkLink: (options: Parameters<ReturnType<typeof createFakeLink>["hook"]>[0]) =>
    fakeLink.current?.hook(options),
}));

const LINK_URL = "http://127.0.0.1:4010/link?authToken=start";
const link = () => {
  if (!fakeLink.current) throw new Error("no fake link");
  return fakeLink.current;
};

beforeEach(() => {
  fakeLink.current = createFakeLink();
});

const signedIn = (routes: Parameters<typeof stubApi>[0] = {}) =>
  stubApi({ "GET /api/me": () => USER, "GET /api/connections": () => [connection()], ...routes });

describe("sign-in", () => {
  it("asks for a name, refuses an empty one, then shows the user's connections", async () => {
    let user: typeof USER | null = null;
    const api = stubApi({
      "GET /api/me": () => user ?? problem(401, "UNAUTHENTICATED"),
      "POST /api/session": (request) => {
        user = { ...USER, name: (request.body as { name: string }).name };
        return user;
      },
      "GET /api/connections": () => [],
    });
    const { user: person } = renderApp("/");

    const name = await screen.findByLabelText("Your name");
    await person.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByText("Enter a name to sign in.")).toBeTruthy();
    expect(name.getAttribute("aria-invalid")).toBe("true");
    // Focus goes back to the field, where its error is read with it.
    expect(document.activeElement).toBe(name);
    expect(api.to("POST /api/session")).toHaveLength(0);

    await person.type(name, "  Ana  ");
    await person.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Your financial entities" })).toBeTruthy();
    expect(api.to("POST /api/session")[0]?.body).toEqual({ name: "Ana" });
    expect(screen.getByText("Signed in as Ana")).toBeTruthy();
    expect(screen.getByText(/No entity connected yet/)).toBeTruthy();
  });

  it("signs out back to the sign-in form", async () => {
    let signedInNow = true;
    stubApi({
      "GET /api/me": () => (signedInNow ? USER : problem(401, null)),
      "GET /api/connections": () => [],
      "DELETE /api/session": () => {
        signedInNow = false;
        return new Response(null, { status: 204 });
      },
    });
    const { user } = renderApp("/");
    await user.click(await screen.findByRole("button", { name: "Sign out" }));
    expect(await screen.findByLabelText("Your name")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Sign out" })).toBeNull();
  });
});

describe("connections list", () => {
  it("lists each connection with its status and a link to its page", async () => {
    signedIn({
      "GET /api/connections": () => [
        connection(),
        connection({
          id: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
          entity: "sandbox_broker",
          entityName: null,
          status: "ERRORED",
          userAction: "RESTORE",
          lastSync: null,
        }),
      ],
    });
    renderApp("/");
    const list = await screen.findByRole("list", { name: "Connected entities" });
    const items = within(list).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    const [bank, broker] = items as [HTMLElement, HTMLElement];
    expect(within(bank).getByRole("link", { name: "Sandbox Bank" }).getAttribute("href")).toBe(
      `/connections/${CONNECTION_ID}`,
    );
    expect(within(bank).getByText("Up to date")).toBeTruthy();
    expect(within(broker).getByRole("link", { name: "sandbox_broker" })).toBeTruthy();
    expect(within(broker).getByText("Failed")).toBeTruthy();
    expect(within(broker).getByText("Needs your attention")).toBeTruthy();
    expect(within(broker).getByText("Not synchronised yet")).toBeTruthy();
  });

  it("says so when the list cannot be loaded, and retries", async () => {
    let fail = true;
    signedIn({ "GET /api/connections": () => (fail ? problem(500, "INTERNAL_SERVER_ERROR") : [connection()]) });
    const { user } = renderApp("/");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Something went wrong");
    fail = false;
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("link", { name: "Sandbox Bank" })).toBeTruthy();
  });
});

describe("Add financial entity", () => {
  it("starts Link in the user's language and theme, opens it, and exchanges a CONNECT", async () => {
    const api = signedIn({
      "POST /api/link/start": () => ({ url: LINK_URL }),
      "POST /api/link/exchange": () => json(connection({ status: "PENDING", lastSync: null }), 201),
      [`GET /api/connections/${CONNECTION_ID}`]: () => connection({ status: "PENDING", lastSync: null }),
    });
    const { user, router } = renderApp("/", { strict: true });
    await user.click(await screen.findByRole("button", { name: "Add financial entity" }));

    await waitFor(() => expect(link().open).toHaveBeenCalledTimes(1));
    expect(api.to("POST /api/link/start")[0]?.body).toEqual({ lang: "en", theme: "LIGHT" });
    expect(link().url()).toBe(LINK_URL);
    expect(link().mode()).toBe("auto");

    await link().succeed({ operation: "CONNECT", publicToken: "pt_1", entity: "sandbox_bank", state: "st_1" });
    await waitFor(() => expect(router.state.location.pathname).toBe(`/connections/${CONNECTION_ID}`));
    expect(api.to("POST /api/link/start")).toHaveLength(1);
    expect(api.to("POST /api/link/exchange")).toHaveLength(1);
    expect(api.to("POST /api/link/exchange")[0]?.body).toEqual({ publicToken: "pt_1", state: "st_1" });
    expect(await screen.findByText("Importing your data…")).toBeTruthy();
  });

  it("keeps focus on the button while Link starts (so the modal can give it back), and a second click starts nothing", async () => {
    let answer: (value: unknown) => void = () => {};
    const api = signedIn({ "POST /api/link/start": () => new Promise((resolve) => (answer = resolve)) });
    const { user } = renderApp("/");
    const button = await screen.findByRole("button", { name: "Add financial entity" });
    await user.click(button);
    await waitFor(() => expect(button.getAttribute("aria-disabled")).toBe("true"));
    expect(document.activeElement).toBe(button);
    await user.click(button);
    expect(api.to("POST /api/link/start")).toHaveLength(1);
    answer({ url: LINK_URL });
    await waitFor(() => expect(link().open).toHaveBeenCalledTimes(1));
    await link().exit("USER_EXIT");
    await waitFor(() => expect(button.getAttribute("aria-disabled")).toBe("false"));
    expect(document.activeElement).toBe(button);
  });

  it("creates nothing and says why when Link reports a locked account", async () => {
    const api = signedIn({ "POST /api/link/start": () => ({ url: LINK_URL }) });
    const { user, router } = renderApp("/");
    await user.click(await screen.findByRole("button", { name: "Add financial entity" }));
    await waitFor(() => expect(link().open).toHaveBeenCalled());
    await link().exit("ACCOUNT_LOCKED");
    expect(await screen.findByText(/Your account at the bank is locked, so no connection was added/)).toBeTruthy();
    expect(api.to("POST /api/link/exchange")).toHaveLength(0);
    expect(router.state.location.pathname).toBe("/");
    expect(link().url()).toBeNull();
  });

  it("says nothing when the user just closes Link", async () => {
    signedIn({ "POST /api/link/start": () => ({ url: LINK_URL }) });
    const { user } = renderApp("/");
    await user.click(await screen.findByRole("button", { name: "Add financial entity" }));
    await waitFor(() => expect(link().open).toHaveBeenCalled());
    await link().exit("USER_EXIT");
    const status = document.querySelector(".link-status");
    expect(status?.textContent).toBe("");
  });

  it("says Link could not be opened when the BFF refuses to start", async () => {
    signedIn({ "POST /api/link/start": () => problem(502, "FINLINK_UNAVAILABLE") });
    const { user } = renderApp("/");
    await user.click(await screen.findByRole("button", { name: "Add financial entity" }));
    expect(await screen.findByText("Link could not be opened. Try again in a moment.")).toBeTruthy();
    expect(link().open).not.toHaveBeenCalled();
  });

  it("says the connection was not saved when the exchange fails", async () => {
    signedIn({
      "POST /api/link/start": () => ({ url: LINK_URL }),
      "POST /api/link/exchange": () => problem(502, "FINLINK_UNAVAILABLE"),
    });
    const { user, router } = renderApp("/");
    await user.click(await screen.findByRole("button", { name: "Add financial entity" }));
    await waitFor(() => expect(link().open).toHaveBeenCalled());
    await link().succeed({ operation: "CONNECT", publicToken: "pt_1", entity: "sandbox_bank", state: "st_1" });
    expect(await screen.findByText(/The connection could not be saved/)).toBeTruthy();
    expect(router.state.location.pathname).toBe("/");
  });
});
