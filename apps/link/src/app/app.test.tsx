import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { createLinkApi } from "../api/link-api";
import { APP_ORIGIN, bank, broker, session } from "../testing/fixtures";
import { App } from "./app";
import { createFlow } from "./flow";
import { readStartParams } from "./start-params";

const EXIT_URL = `${APP_ORIGIN}/link/callback?error=USER_EXIT&operation=CONNECT`;

const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "X-Request-ID": `req-${status}` } });

/** The Link API as the sandbox answers it, enough for one user who mistypes the password and leaves. */
function fakeServer() {
  return vi.fn<typeof fetch>(async (input, init) => {
    const route = `${init?.method} ${String(input)}`;
    if (route === "POST /api/v1/link/sessions") return answer(201, { ...session(), sessionToken: "lks_1" });
    if (route === "GET /api/v1/link/entities") return answer(200, [bank, broker]);
    if (route === "POST /api/v1/link/session/credentials") {
      return answer(401, { reason: "INVALID_CREDENTIALS", retryable: true, remainingAttempts: 4, step: "CREDENTIALS" });
    }
    if (route === "POST /api/v1/link/session/exit") return answer(200, { redirectUrl: EXIT_URL });
    return answer(404, { reason: "NO_ROUTE" });
  });
}

describe("App", () => {
  it("runs a session from the first screen to leaving, in the page's language, focus on each heading", async () => {
    const fetch = fakeServer();
    const parent = { postMessage: vi.fn() };
    const navigate = vi.fn();
    const flow = createFlow({ api: createLinkApi({ fetch }), parent, navigate });
    render(<App flow={flow} request={{ id: "r" }} lang="en" />);
    expect(screen.getByRole("heading", { level: 1, name: "Loading…" })).toBeTruthy();
    await flow.start({ id: "r" });

    const consent = await screen.findByRole("heading", { level: 1, name: "Demo app asks to connect to your bank" });
    await waitFor(() => expect(document.activeElement).toBe(consent));
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    const select = await screen.findByRole("heading", { level: 1, name: "Select your bank" });
    expect(document.documentElement.lang).toBe("en");
    await waitFor(() => expect(document.activeElement).toBe(select));
    expect(screen.getAllByRole("main")).toHaveLength(1);

    fireEvent.click(await screen.findByRole("button", { name: "Banco Sandbox" }));
    const signIn = await screen.findByRole("heading", { level: 1, name: "Sign in to Banco Sandbox" });
    await waitFor(() => expect(document.activeElement).toBe(signIn));

    fireEvent.input(screen.getByLabelText("Username"), { target: { value: "user_good" } });
    fireEvent.input(screen.getByLabelText("Password"), { target: { value: "wrong" } });
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    expect((await screen.findByRole("alert")).textContent).toContain("4 attempts left");
    const credentialsCall = fetch.mock.calls.find(([url]) => String(url).endsWith("/credentials"));
    expect(credentialsCall?.[1]?.headers).toMatchObject({ "X-Link-Session": "lks_1" });

    fireEvent.click(screen.getByRole("button", { name: "Exit" }));
    fireEvent.click(screen.getByRole("button", { name: "Yes, exit" }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(EXIT_URL));
    const exitCall = fetch.mock.calls.find(([url]) => String(url).endsWith("/exit"));
    expect(exitCall?.[1]?.body).toBe('{"reason":"USER_EXIT","screen":"CREDENTIALS"}');
    const types = parent.postMessage.mock.calls.map(([message]) => message.type);
    expect(types).toEqual(["OPEN", "SELECT_ENTITY", "SUBMIT_CREDENTIALS", "ERROR", "EXIT"]);
    expect(parent.postMessage.mock.calls.every(([, origin]) => origin === APP_ORIGIN)).toBe(true);
  });

  it("Escape asks to leave (the exit dialog), Escape again closes it, and Escape in a filled search box only clears it", async () => {
    const flow = createFlow({
      api: createLinkApi({ fetch: fakeServer() }),
      parent: { postMessage: vi.fn() },
      navigate: vi.fn(),
    });
    render(<App flow={flow} request={{ id: "r" }} lang="en" />);
    await flow.start({ id: "r" });
    flow.acceptConsent();
    const heading = await screen.findByRole("heading", { level: 1, name: "Select your bank" });
    expect(screen.queryByRole("dialog", { name: "Leave without connecting?" })).toBeNull();

    const search = screen.getByLabelText("Search for your bank") as HTMLInputElement;
    fireEvent.input(search, { target: { value: "caja" } });
    fireEvent.keyDown(search, { key: "Escape" });
    expect(screen.queryByRole("dialog", { name: "Leave without connecting?" })).toBeNull();
    fireEvent.keyDown(heading, { key: "Enter" });
    expect(screen.queryByRole("dialog", { name: "Leave without connecting?" })).toBeNull();

    fireEvent.keyDown(heading, { key: "Escape" });
    expect(await screen.findByRole("dialog", { name: "Leave without connecting?" })).toBeTruthy();
    fireEvent.keyDown(screen.getByRole("button", { name: "Yes, exit" }), { key: "Escape" });
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Leave without connecting?" })).toBeNull());
  });

  it("shows a start failure as a page, with no Exit and nothing posted", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => answer(404, { reason: "UNKNOWN_REDIRECT" }));
    const parent = { postMessage: vi.fn() };
    const flow = createFlow({ api: createLinkApi({ fetch }), parent, navigate: vi.fn() });
    render(<App flow={flow} request={{ id: "r", lang: "es" }} lang="es" />);
    await flow.start({ id: "r", lang: "es" });
    expect(await screen.findByRole("heading", { level: 1, name: "Este enlace no es válido" })).toBeTruthy();
    expect(document.documentElement.lang).toBe("es");
    expect(screen.queryByRole("button", { name: "Salir" })).toBeNull();
    expect(parent.postMessage).not.toHaveBeenCalled();
  });

  it("refuses a URL naming a start token and a redirect id without asking the server", async () => {
    const fetch = fakeServer();
    const parent = { postMessage: vi.fn() };
    const flow = createFlow({ api: createLinkApi({ fetch }), parent, navigate: vi.fn() });
    const start = readStartParams(`?authToken=&token=tok_a&id=${crypto.randomUUID()}&lang=en`);
    render(<App flow={flow} request={start.request} lang="en" />);
    await flow.start(start.request, start.refusal);
    expect(await screen.findByRole("heading", { level: 1, name: "This link is not valid" })).toBeTruthy();
    expect(screen.getByText("START_CONFLICT")).toBeTruthy();
    expect(screen.queryByRole("button")).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
    expect(parent.postMessage).not.toHaveBeenCalled();
  });
});
