import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type CallbackWindow, completeLinkCallback } from "./complete-link-callback";
import {
  APP_ORIGIN,
  frameWindow,
  openButton,
  post,
  renderLink,
  resetHarness,
  serveLink,
  waitUntilReady,
} from "./testing/link-harness";

const CONNECT_QUERY = "?publicToken=pt&token=pt&operation=CONNECT&entity=sandbox_bank&state=s-1";

function callbackWindow(search: string, parent: CallbackWindow["parent"]): CallbackWindow {
  const win: CallbackWindow = { location: { search, origin: APP_ORIGIN }, parent };
  return win;
}

describe("completeLinkCallback", () => {
  afterEach(resetHarness);

  it("inside the modal's iframe posts the result to the parent at this page's own origin", () => {
    const parent = { postMessage: vi.fn() };
    expect(completeLinkCallback(callbackWindow(CONNECT_QUERY, parent))).toEqual({ mode: "iframe" });
    expect(parent.postMessage).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ source: "finlink-link-callback", type: "SUCCESS", publicToken: "pt", state: "s-1" }),
      APP_ORIGIN,
    );
  });

  it("on a full page returns the result and posts nothing", () => {
    const win = callbackWindow("?error=USER_EXIT&operation=CONNECT&state=s-1", null);
    win.parent = win as unknown as CallbackWindow["parent"];
    const postMessage = vi.fn();
    Object.assign(win, { postMessage });
    expect(completeLinkCallback(win)).toEqual({
      mode: "page",
      result: {
        source: "finlink-link-callback",
        version: 1,
        type: "EXIT",
        reason: "USER_EXIT",
        operation: "CONNECT",
        state: "s-1",
      },
    });
    expect(postMessage).not.toHaveBeenCalled();
  });

  it("reads the real window: a top-level page is page mode", () => {
    window.history.replaceState(null, "", `/link/callback${CONNECT_QUERY}`);
    const done = completeLinkCallback();
    window.history.replaceState(null, "", "/connections");
    expect(done).toEqual({ mode: "page", result: expect.objectContaining({ type: "SUCCESS", publicToken: "pt" }) });
  });

  it("hands the hook in the parent exactly what it accepts: one onSuccess, modal closed", async () => {
    serveLink();
    const link = renderLink();
    await waitUntilReady();
    await userEvent.setup().click(openButton());
    // The callback page runs in the iframe; its parent.postMessage arrives as a message from the iframe's window.
    const parent = {
      postMessage: (data: unknown, targetOrigin: string) => post(data, { origin: targetOrigin, source: frameWindow() }),
    };
    completeLinkCallback(callbackWindow(CONNECT_QUERY, parent));
    expect(link.onSuccess).toHaveBeenCalledExactlyOnceWith({
      operation: "CONNECT",
      publicToken: "pt",
      entity: "sandbox_bank",
      state: "s-1",
    });
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
