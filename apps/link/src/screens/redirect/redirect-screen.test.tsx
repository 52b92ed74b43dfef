import { fireEvent, screen } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import type { LinkApiError } from "../../api/link-api-error";
import type { RedirectView, ReturnStage } from "../../app/flow-state";
import { es } from "../../i18n/es";
import { oauthBank, problem } from "../../testing/fixtures";
import { renderIn } from "../../testing/render";
import { RedirectScreen, type RedirectScreenProps } from "./redirect-screen";
import { ReturnScreen } from "./return-screen";

const URL = "https://finlink.example/sandbox/oauth/authorize?state=s";

function props(view: Partial<RedirectView>, fields: Partial<RedirectScreenProps> = {}): RedirectScreenProps {
  return {
    view: { screen: "REDIRECT", entity: oauthBank, stage: "READY", authorizeUrl: URL, error: null, ...view },
    appName: "Demo app",
    framed: true,
    onOpenBank: vi.fn(),
    onReopenBank: vi.fn(),
    onOpenedByHand: vi.fn(),
    onRetry: vi.fn(),
    onExit: vi.fn(),
    ...fields,
  };
}

const button = (name: string | RegExp) => screen.getByRole("button", { name });

describe("RedirectScreen", () => {
  it("says what will happen and keeps Continue locked until the bank's address is there", () => {
    const preparing = props({ stage: "PREPARING", authorizeUrl: null });
    const view = renderIn(<RedirectScreen {...preparing} />);
    expect(screen.getByRole("heading", { level: 1, name: "Sign in at Banco Sandbox OAuth" })).toBeTruthy();
    expect(screen.getByText("You'll sign in on Banco Sandbox OAuth's own page, then come back here.")).toBeTruthy();
    const locked = button("Continue to Banco Sandbox OAuth");
    expect(locked.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(locked);
    expect(preparing.onOpenBank).not.toHaveBeenCalled();
    expect(screen.getByRole("status").textContent).toContain("Getting Banco Sandbox OAuth's page ready");

    const ready = props({});
    view.rerender(<RedirectScreen {...ready} />);
    const open = button("Continue to Banco Sandbox OAuth");
    expect(open.getAttribute("aria-disabled")).toBeNull();
    expect(open.getAttribute("aria-describedby")).toBe("redirect-popup");
    fireEvent.click(open);
    expect(ready.onOpenBank).toHaveBeenCalledTimes(1);
  });

  it("reads a failed fetch as a message with Try again, in Spanish too", () => {
    const failed = props({ stage: "PREPARING", authorizeUrl: null, error: problem(0, "NETWORK_ERROR") });
    renderIn(<RedirectScreen {...failed} />, "es");
    expect(screen.getByRole("alert").textContent).toBe(
      `No hemos podido preparar la página de Banco Sandbox OAuth. ${es.error.network}`,
    );
    expect(screen.queryByRole("button", { name: /Continuar en/ })).toBeNull();
    fireEvent.click(button(es.error.retry));
    expect(failed.onRetry).toHaveBeenCalled();
  });

  it("waits with a way back to the bank's window, and Exit left to the bar", () => {
    const waiting = props({ stage: "WAITING" });
    renderIn(<RedirectScreen {...waiting} />);
    expect(screen.getByRole("heading", { name: "Waiting for you at Banco Sandbox OAuth…" })).toBeTruthy();
    fireEvent.click(button("Open the bank's window again"));
    expect(waiting.onReopenBank).toHaveBeenCalled();
  });

  it("offers a link in a new tab when no window could open", () => {
    const blocked = props({ stage: "BLOCKED" });
    renderIn(<RedirectScreen {...blocked} />);
    const link = screen.getByRole("link", { name: "Open Banco Sandbox OAuth's page (opens in a new tab)" });
    expect(link.getAttribute("href")).toBe(URL);
    expect(link.getAttribute("target")).toBe("_blank");
    // The test's DOM would otherwise follow the link for real.
    document.addEventListener("click", (event) => event.preventDefault(), { once: true });
    fireEvent.click(link);
    expect(blocked.onOpenedByHand).toHaveBeenCalled();
  });

  it("explains a refusal at the bank with one way out, back to the app", () => {
    const denied = props({ stage: "DENIED", authorizeUrl: null });
    const view = renderIn(<RedirectScreen {...denied} />);
    expect(screen.getByRole("heading", { name: "You didn't give Banco Sandbox OAuth permission" })).toBeTruthy();
    expect(screen.getAllByRole("button")).toHaveLength(1);
    fireEvent.click(button("Back to Demo app"));
    expect(denied.onExit).toHaveBeenCalled();
    view.unmount();
    renderIn(<RedirectScreen {...denied} />, "es");
    expect(screen.getByRole("heading", { name: "No has dado permiso a Banco Sandbox OAuth" })).toBeTruthy();
    expect(screen.getByRole("button", { name: es.error.back("Demo app") })).toBeTruthy();
  });

  it("says another window took over, with nothing to press", () => {
    renderIn(<RedirectScreen {...props({ stage: "ELSEWHERE", authorizeUrl: null })} />);
    expect(screen.getByRole("heading", { name: "You continued in another window" })).toBeTruthy();
    expect(screen.queryAllByRole("button")).toEqual([]);
  });
});

const returnProps = (stage: ReturnStage, error: LinkApiError | null = null) => ({
  view: { screen: "RETURN" as const, stage, error },
  appName: null,
  onRetry: vi.fn(),
  onExit: vi.fn(),
});

describe("ReturnScreen", () => {
  it("says a used or expired return has finished, with no button, in both languages", () => {
    const view = renderIn(<ReturnScreen {...returnProps("UNKNOWN")} />);
    expect(screen.getByRole("heading", { name: "This bank sign-in has already finished or expired" })).toBeTruthy();
    expect(screen.getByText("Start again from the app.")).toBeTruthy();
    expect(screen.queryAllByRole("button")).toEqual([]);
    view.unmount();
    renderIn(<ReturnScreen {...returnProps("UNKNOWN")} />, "es");
    expect(screen.getByText("Empieza de nuevo desde la aplicación.")).toBeTruthy();
  });

  it("tells the popup it may close, and offers Try again after a lost answer", () => {
    const closing = returnProps("CLOSING");
    const view = renderIn(<ReturnScreen {...closing} />);
    expect(screen.getByRole("heading", { name: "You can close this window" })).toBeTruthy();
    expect(screen.queryAllByRole("button")).toEqual([]);
    const failed = returnProps("COMPLETING", problem(0, "NETWORK_ERROR"));
    view.rerender(<ReturnScreen {...failed} />);
    fireEvent.click(button("Try again"));
    expect(failed.onRetry).toHaveBeenCalled();
  });

  it("explains a refusal at a bank it cannot name, back to the app", () => {
    const denied = { ...returnProps("DENIED"), appName: "Demo app" };
    renderIn(<ReturnScreen {...denied} />);
    expect(screen.getByRole("heading", { name: "You didn't give your bank permission" })).toBeTruthy();
    fireEvent.click(button("Back to Demo app"));
    expect(denied.onExit).toHaveBeenCalled();
  });
});
