import { fireEvent, render, screen } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { createLinkApi } from "../api/link-api";
import { bank, downBank, session } from "../testing/fixtures";
import { App } from "./app";
import { createFlow } from "./flow";

const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "X-Request-ID": `req-${status}` } });

/** The Link API with the plain bank and the one that is down; sign-in at the down one fails as the sandbox's does. */
function open(fixed: typeof bank | null = null) {
  const server = vi.fn<typeof fetch>(async (input, init) => {
    const route = `${init?.method} ${String(input)}`;
    if (route === "POST /api/v1/link/sessions") {
      return answer(201, { ...session({ entity: fixed }), sessionToken: "lks_1" });
    }
    if (route === "GET /api/v1/link/entities") return answer(200, [bank, downBank]);
    if (route === "POST /api/v1/link/session/credentials") {
      return answer(503, { reason: "ENTITY_UNAVAILABLE", retryable: true, step: "CREDENTIALS" });
    }
    return answer(404, { reason: "NO_ROUTE" });
  });
  const parent = { postMessage: vi.fn() };
  const flow = createFlow({ api: createLinkApi({ fetch: server }), parent, navigate: vi.fn() });
  render(<App flow={flow} request={{ id: "r" }} lang="en" />);
  return { flow, fetch: server, parent };
}

describe("an entity that is down", () => {
  it("is explained on picking it, and Choose another bank leads back to the list", async () => {
    const { flow, fetch, parent } = open();
    await flow.start({ id: "r" });
    flow.acceptConsent();
    fireEvent.click(await screen.findByRole("button", { name: "Banco Sandbox Caído Temporarily unavailable" }));
    await screen.findByRole("heading", { level: 1, name: "Banco Sandbox Caído is not available right now" });
    // Nothing was asked of the user, or sent for nothing.
    expect(fetch.mock.calls.some(([url]) => String(url).endsWith("/credentials"))).toBe(false);
    const types = parent.postMessage.mock.calls.map(([message]) => message.type);
    expect(types).toEqual(["OPEN", "SELECT_ENTITY", "ERROR"]);

    fireEvent.click(screen.getByRole("button", { name: "Choose another bank" }));
    await screen.findByRole("heading", { level: 1, name: "Select your bank" });
    fireEvent.click(await screen.findByRole("button", { name: "Banco Sandbox" }));
    await screen.findByRole("heading", { level: 1, name: "Sign in to Banco Sandbox" });
  });

  // One way out per error screen: another bank comes before trying this one again (Exit stays in the top bar).
  it("offers Choose another bank as its one way out", async () => {
    const { flow } = open();
    await flow.start({ id: "r" });
    flow.acceptConsent();
    fireEvent.click(await screen.findByRole("button", { name: /^Banco Sandbox Caído/ }));
    await screen.findByRole("heading", { level: 1, name: "Banco Sandbox Caído is not available right now" });
    expect(screen.getAllByRole("button").map((b) => b.textContent)).toEqual(["Exit", "Choose another bank"]);
  });

  it("can still be tried when the start fixed the entity: the status may be a minute old", async () => {
    const { flow } = open(downBank);
    await flow.start({ id: "r", entity: downBank.id });
    flow.acceptConsent();
    await screen.findByRole("heading", { level: 1, name: "Sign in to Banco Sandbox Caído" });
    fireEvent.input(screen.getByLabelText("Username"), { target: { value: "user_good" } });
    fireEvent.input(screen.getByLabelText("Password"), { target: { value: "pass_good" } });
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    await screen.findByRole("heading", { level: 1, name: "Banco Sandbox Caído is not available right now" });
    expect(screen.getAllByRole("button").map((b) => b.textContent)).toEqual(["Exit", "Try again"]);
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByRole("heading", { level: 1, name: "Sign in to Banco Sandbox Caído" });
  });
});

describe("the entity's mark", () => {
  it("heads the sign-in with the entity's name and brand colour", async () => {
    const { flow } = open();
    await flow.start({ id: "r" });
    flow.acceptConsent();
    expect(document.querySelector(".entity-mark")).toBeNull();
    fireEvent.click(await screen.findByRole("button", { name: "Banco Sandbox" }));
    await screen.findByRole("heading", { level: 1, name: "Sign in to Banco Sandbox" });
    const mark = document.querySelector<HTMLElement>(".entity-mark");
    expect(mark?.textContent).toBe("BSBanco Sandbox");
    // Set through the CSSOM: Link's CSP (no 'unsafe-inline') would block a style attribute in markup.
    expect(mark?.style.getPropertyValue("--brand")).toBe("#1d4ed8");
  });
});
