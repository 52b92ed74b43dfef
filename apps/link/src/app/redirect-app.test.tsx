import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { fakeApi, oauthBank, session } from "../testing/fixtures";
import { App } from "./app";
import type { BankWindowHost } from "./bank-window";
import { createFlow } from "./flow";

const AUTHORIZE = "https://finlink.example/sandbox/oauth/authorize?state=st_1";

function host(open: BankWindowHost["open"]): BankWindowHost {
  return {
    framed: true,
    origin: "https://finlink.example",
    open,
    navigateTop: vi.fn(),
    assign: vi.fn(),
    listen: () => () => {},
    handBack: async () => false,
    close: vi.fn(),
  };
}

describe("App with a bank that signs in on its own page", () => {
  it("opens the bank's window inside the click on Continue, under the bank's mark", async () => {
    let clicking = false;
    let openedInClick: boolean | null = null;
    const popup = { closed: false, focus: vi.fn(), close: vi.fn(), postMessage: vi.fn() } as unknown as Window;
    const open = vi.fn(() => {
      openedInClick = clicking;
      return popup;
    });
    const api = fakeApi({
      createSession: async () => session({ entity: oauthBank }),
      startRedirect: async () => ({ authorizeUrl: AUTHORIZE, expiresAt: "2999-01-01T00:00:00.000Z" }),
      getSession: () => new Promise(() => {}),
    });
    const flow = createFlow({ api, parent: null, navigate: vi.fn(), host: host(open) });
    render(<App flow={flow} request={{ id: "r" }} lang="en" />);
    await flow.start({ id: "r" });
    fireEvent.click(await screen.findByRole("button", { name: "Continue" }));

    const go = await screen.findByRole("button", { name: "Continue to Banco Sandbox OAuth" });
    expect(screen.getByText("Banco Sandbox OAuth", { selector: ".entity-mark-name" })).toBeTruthy();
    await waitFor(() => expect(go.getAttribute("aria-disabled")).toBeNull());
    clicking = true;
    fireEvent.click(go);
    clicking = false;
    expect(openedInClick).toBe(true);
    expect(open).toHaveBeenCalledWith(AUTHORIZE);
    const waiting = await screen.findByRole("heading", { level: 1, name: "Waiting for you at Banco Sandbox OAuth…" });
    await waitFor(() => expect(document.activeElement).toBe(waiting));
    expect(screen.getByRole("button", { name: "Exit" })).toBeTruthy();
  });
});
