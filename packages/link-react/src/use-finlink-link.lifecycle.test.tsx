import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  connected,
  iframes,
  LINK_URL,
  openButton,
  postCallback,
  renderLink,
  resetHarness,
  serveLink,
  waitUntilReady,
} from "./testing/link-harness";

const errorText = () => screen.getByTestId("error").textContent;
const readyText = () => screen.getByTestId("ready").textContent;

describe("useFinlinkLink: lifecycle", () => {
  afterEach(resetHarness);

  it("creates one hidden, preloaded iframe under StrictMode and loads Link once", async () => {
    const server = serveLink();
    renderLink();
    await waitUntilReady();
    expect(iframes()).toHaveLength(1);
    expect(iframes()[0]?.getAttribute("src")).toBe(LINK_URL);
    expect(document.querySelectorAll("[data-finlink-link]")).toHaveLength(1);
    expect(server.loads).toEqual([LINK_URL]);
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("queues open() before Link is ready and opens as soon as it is", async () => {
    const server = serveLink();
    server.hold();
    renderLink();
    await userEvent.setup().click(openButton());
    expect(readyText()).toBe("false");
    expect(screen.queryByRole("dialog")).toBeNull();
    await server.release();
    await waitUntilReady();
    expect(screen.getByRole("dialog")).toBeTruthy();
  });

  it("keeps open() from before the url exists and opens once it arrives", async () => {
    serveLink();
    const link = renderLink({ url: null });
    await userEvent.setup().click(openButton());
    expect(iframes()).toHaveLength(0);
    link.rerender({ url: LINK_URL });
    await waitUntilReady();
    expect(screen.getByRole("dialog")).toBeTruthy();
  });

  it("calls the callbacks of the latest render without reloading the iframe", async () => {
    const server = serveLink();
    const link = renderLink();
    await waitUntilReady();
    const frame = iframes()[0];
    const onSuccess = vi.fn();
    link.rerender({ onSuccess, onExit: vi.fn(), onEvent: vi.fn() });
    await userEvent.setup().click(openButton());
    expect(iframes()[0]).toBe(frame);
    postCallback(connected());
    expect(onSuccess).toHaveBeenCalledTimes(1);
    expect(link.onSuccess).not.toHaveBeenCalled();
    expect(server.loads).toEqual([LINK_URL]);
  });

  it("loads a new iframe for a new url, and Link again when opened after a flow ended", async () => {
    const server = serveLink();
    const link = renderLink();
    await waitUntilReady();
    const second = `${LINK_URL}-2`;
    link.rerender({ url: second });
    await waitFor(() => expect(iframes()[0]?.getAttribute("src")).toBe(second));
    expect(iframes()).toHaveLength(1);
    await waitUntilReady();
    await userEvent.setup().click(openButton());
    postCallback(connected());
    expect(iframes()).toHaveLength(0);
    expect(readyText()).toBe("false");
    await userEvent.setup().click(openButton());
    await waitUntilReady();
    expect(screen.getByRole("dialog")).toBeTruthy();
    expect(server.loads).toEqual([LINK_URL, second, second]);
  });

  it("removes the iframe and calls nothing on unmount", async () => {
    serveLink();
    const link = renderLink();
    await waitUntilReady();
    await userEvent.setup().click(openButton());
    expect(document.body.style.overflow).toBe("hidden");
    link.unmount();
    expect(iframes()).toHaveLength(0);
    expect(document.querySelector("[data-finlink-link]")).toBeNull();
    expect(document.body.style.overflow).toBe("");
    expect(link.onExit).not.toHaveBeenCalled();
  });

  it("close() ends an open flow as USER_EXIT and a queued one too; before open it does nothing", async () => {
    const server = serveLink();
    server.hold();
    const link = renderLink({ state: "s-1" });
    const user = userEvent.setup();
    const cancel = screen.getByRole("button", { name: "Cancel" });
    await user.click(cancel);
    expect(link.onExit).not.toHaveBeenCalled();
    await user.click(openButton());
    await user.click(cancel);
    expect(link.onExit).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ reason: "USER_EXIT", state: "s-1" }));
    await server.release();
    await waitUntilReady();
    expect(screen.queryByRole("dialog")).toBeNull();
    await user.click(openButton());
    expect(screen.getByRole("dialog")).toBeTruthy();
    // The dialog covers the page: a test reaches the hook's close() through the harness's button anyway.
    act(() => cancel.click());
    expect(link.onExit).toHaveBeenCalledTimes(2);
    expect(iframes()).toHaveLength(0);
  });

  it.each(["javascript:alert(1)", "/link?authToken=x", "ftp://link.example/link", "not a url"])(
    "reports INVALID_URL for %s, creates no iframe, and open() ends as an exit",
    async (url) => {
      serveLink();
      const link = renderLink({ url });
      expect(errorText()).toBe("INVALID_URL");
      expect(iframes()).toHaveLength(0);
      await userEvent.setup().click(openButton());
      expect(link.onExit).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ reason: "INVALID_URL" }));
    },
  );

  it.each(["http://localhost:4010/link?authToken=x", LINK_URL])("accepts the http(s) URL %s", async (url) => {
    serveLink();
    renderLink({ url });
    expect(errorText()).toBe("");
    await waitUntilReady();
  });

  it("reports FRAME_LOAD_FAILED when the frame fails, ending a queued open as an exit", async () => {
    const server = serveLink();
    server.hold();
    server.breakLoads();
    const link = renderLink();
    await userEvent.setup().click(openButton());
    await server.release();
    await waitFor(() => expect(errorText()).toBe("FRAME_LOAD_FAILED"));
    expect(iframes()).toHaveLength(0);
    expect(link.onExit).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ reason: "FRAME_LOAD_FAILED" }));
  });

  it("reports FRAME_TIMEOUT when Link does not load within loadTimeoutMs, not before", async () => {
    const server = serveLink();
    server.hold();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    renderLink({ loadTimeoutMs: 1000 });
    await act(async () => {});
    act(() => vi.advanceTimersByTime(999));
    expect(errorText()).toBe("");
    expect(iframes()).toHaveLength(1);
    act(() => vi.advanceTimersByTime(1));
    expect(errorText()).toBe("FRAME_TIMEOUT");
    expect(iframes()).toHaveLength(0);
  });
});
