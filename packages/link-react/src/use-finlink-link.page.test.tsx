import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { takePendingFullPageFlow } from "./full-page-flow";
import {
  iframes,
  LINK_URL,
  openButton,
  renderLink,
  resetHarness,
  serveLink,
  setViewportWidth,
  waitUntilReady,
} from "./testing/link-harness";

function stubNavigation() {
  return vi.spyOn(window.location, "assign").mockImplementation(() => {});
}

describe("useFinlinkLink: full-page mode", () => {
  beforeEach(() => {
    serveLink();
    window.history.replaceState(null, "", "/connections?tab=all");
  });
  afterEach(() => {
    sessionStorage.clear();
    resetHarness();
  });

  it("mode page: open() stores the flow and navigates to Link, with no iframe", async () => {
    const assign = stubNavigation();
    const link = renderLink({ mode: "page", state: "s-1" });
    await waitUntilReady();
    expect(iframes()).toHaveLength(0);
    const before = Date.now();
    await userEvent.setup().click(openButton());
    expect(assign).toHaveBeenCalledExactlyOnceWith(LINK_URL);
    const pending = takePendingFullPageFlow();
    expect(pending).toEqual({ state: "s-1", startedAt: expect.any(Number), returnTo: "/connections?tab=all" });
    expect(pending?.startedAt).toBeGreaterThanOrEqual(before);
    expect(link.onSuccess).not.toHaveBeenCalled();
  });

  it("takes the state from the URL's state parameter and returnTo from the option", async () => {
    const assign = stubNavigation();
    const url = `${LINK_URL}&state=from-url`;
    renderLink({ mode: "page", url, returnTo: "/after" });
    await waitUntilReady();
    await userEvent.setup().click(openButton());
    expect(assign).toHaveBeenCalledExactlyOnceWith(url);
    expect(takePendingFullPageFlow()).toEqual(expect.objectContaining({ state: "from-url", returnTo: "/after" }));
  });

  it("navigates once the url arrives when open() came first", async () => {
    const assign = stubNavigation();
    const link = renderLink({ mode: "page", url: null });
    await userEvent.setup().click(openButton());
    expect(assign).not.toHaveBeenCalled();
    link.rerender({ mode: "page", url: LINK_URL });
    await waitUntilReady();
    expect(assign).toHaveBeenCalledExactlyOnceWith(LINK_URL);
  });

  it.each([
    [375, "page"],
    [639, "page"],
    [640, "modal"],
    [1280, "modal"],
  ])("mode auto at %i px wide opens as a %s", async (width, expected) => {
    setViewportWidth(width);
    const assign = stubNavigation();
    renderLink({ mode: "auto" });
    await waitUntilReady();
    await userEvent.setup().click(openButton());
    expect(assign).toHaveBeenCalledTimes(expected === "page" ? 1 : 0);
    expect(screen.queryAllByRole("dialog")).toHaveLength(expected === "modal" ? 1 : 0);
  });

  it("mode modal (the default) stays a modal on a small screen", async () => {
    setViewportWidth(375);
    const assign = stubNavigation();
    renderLink();
    await waitUntilReady();
    await userEvent.setup().click(openButton());
    expect(assign).not.toHaveBeenCalled();
    expect(screen.getByRole("dialog")).toBeTruthy();
  });
});
