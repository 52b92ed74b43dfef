import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EXIT_FALLBACK_MS } from "./link-frame";
import {
  APP_ORIGIN,
  connected,
  frameWindow,
  iframes,
  LINK_ORIGIN,
  linkEvent,
  openButton,
  post,
  postCallback,
  renderLink,
  resetHarness,
  serveLink,
  waitUntilReady,
} from "./testing/link-harness";

const selectEntity = linkEvent("SELECT_ENTITY", { entity: "sandbox_bank" });

async function openLink(options: Parameters<typeof renderLink>[0] = {}) {
  const link = renderLink(options);
  await waitUntilReady();
  await userEvent.setup().click(openButton());
  expect(screen.getByRole("dialog")).toBeTruthy();
  return link;
}

describe("useFinlinkLink: messages", () => {
  beforeEach(() => {
    serveLink();
  });
  afterEach(resetHarness);

  it("calls onSuccess exactly once per flow under StrictMode, even if the callback posts twice", async () => {
    const link = await openLink();
    postCallback(connected());
    postCallback(connected());
    expect(link.onSuccess).toHaveBeenCalledExactlyOnceWith({
      operation: "CONNECT",
      publicToken: "public-sandbox-1",
      entity: "sandbox_bank",
      state: "state-1",
    });
    expect(link.onExit).not.toHaveBeenCalled();
    expect(iframes()).toHaveLength(0);
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("reports an update flow with its token, not a publicToken", async () => {
    const link = await openLink();
    const { publicToken, ...rest } = connected();
    postCallback({ ...rest, operation: "UPDATE", token: "update-1" });
    expect(link.onSuccess).toHaveBeenCalledExactlyOnceWith({
      operation: "UPDATE",
      token: "update-1",
      entity: "sandbox_bank",
      state: "state-1",
    });
  });

  it("passes Link's events from Link's origin and the iframe's window to onEvent", async () => {
    const link = await openLink();
    post(selectEntity);
    expect(link.onEvent).toHaveBeenCalledExactlyOnceWith(selectEntity);
  });

  it.each([
    ["another origin", { origin: "https://evil.example" }],
    ["Link's origin with another port", { origin: `${LINK_ORIGIN}:8443` }],
    ["the app's origin (Link events come from Link)", { origin: APP_ORIGIN }],
    ["this window as the source", { source: window }],
    ["no source", { source: null }],
  ])("ignores a Link event from %s", async (_, from) => {
    const link = await openLink();
    post(selectEntity, from);
    expect(link.onEvent).not.toHaveBeenCalled();
  });

  it.each([
    ["Link's origin (the callback page is the app's)", { origin: LINK_ORIGIN }],
    ["another origin", { origin: "https://evil.example" }],
    ["this window as the source", { source: window }],
    ["no source", { source: null }],
  ])("ignores a callback result from %s", async (_, from) => {
    const link = await openLink();
    postCallback(connected(), from);
    expect(link.onSuccess).not.toHaveBeenCalled();
    expect(iframes()).toHaveLength(1);
  });

  it("ignores a message with no source sent before the iframe is in the page", async () => {
    const link = renderLink();
    expect(frameWindow()).toBeNull();
    postCallback(connected(), { source: null });
    expect(link.onSuccess).not.toHaveBeenCalled();
    await waitUntilReady();
  });

  it("ignores a message from another frame's window", async () => {
    const link = await openLink();
    const other = document.createElement("iframe");
    other.src = `${LINK_ORIGIN}/other`;
    document.body.append(other);
    try {
      // Identity only: reading a cross-origin window's properties throws, as in a browser.
      expect(other.contentWindow !== null && other.contentWindow !== frameWindow()).toBe(true);
      post(selectEntity, { source: other.contentWindow });
      postCallback(connected(), { source: other.contentWindow });
      expect(link.onEvent).not.toHaveBeenCalled();
      expect(link.onSuccess).not.toHaveBeenCalled();
    } finally {
      other.remove();
    }
  });

  it.each([
    ["no marker", { ...connected(), source: undefined }],
    ["Link's event marker", { ...connected(), source: "finlink-link" }],
    ["another version", { ...connected(), version: 2 }],
    ["no publicToken", { ...connected(), publicToken: "" }],
    ["a string", JSON.stringify(connected())],
    ["null", null],
  ])("ignores a malformed callback result (%s)", async (_, data) => {
    const link = await openLink();
    postCallback(data);
    expect(link.onSuccess).not.toHaveBeenCalled();
    expect(link.onExit).not.toHaveBeenCalled();
  });

  it.each([
    ["an unknown type", linkEvent("DANCE", {})],
    ["a missing field", linkEvent("SUBMIT_MFA", { entity: "sandbox_bank" })],
    ["another version", { ...selectEntity, version: 2 }],
  ])("ignores a malformed Link event (%s)", async (_, data) => {
    const link = await openLink();
    post(data);
    expect(link.onEvent).not.toHaveBeenCalled();
  });

  it("ends an exit with the callback's reason and state, and what Link's EXIT event told", async () => {
    const link = await openLink();
    post(linkEvent("OPEN", { screen: "ENTITY", operation: "CONNECT", entity: null }));
    const exit = {
      reason: "ACCOUNT_LOCKED",
      status: "CREDENTIALS",
      screen: "ERROR",
      entity: "sandbox_bank",
      requestId: "req-1",
    };
    post(linkEvent("EXIT", exit));
    expect(link.onExit).not.toHaveBeenCalled();
    postCallback({
      source: "finlink-link-callback",
      version: 1,
      type: "EXIT",
      reason: "TOO_MANY_ATTEMPTS",
      operation: "CONNECT",
      state: "s-9",
    });
    expect(link.onExit).toHaveBeenCalledExactlyOnceWith({
      ...exit,
      reason: "TOO_MANY_ATTEMPTS",
      operation: "CONNECT",
      state: "s-9",
    });
    expect(link.onSuccess).not.toHaveBeenCalled();
    expect(iframes()).toHaveLength(0);
  });

  it("ends on Link's EXIT event alone when no callback result follows in time", async () => {
    const link = await openLink({ state: "s-1" });
    post(linkEvent("OPEN", { screen: "ENTITY", operation: "CONNECT", entity: null }));
    vi.useFakeTimers();
    post(linkEvent("EXIT", { reason: "USER_EXIT", status: "ENTITY", screen: "ENTITY", entity: null, requestId: null }));
    vi.advanceTimersByTime(EXIT_FALLBACK_MS - 1);
    expect(link.onExit).not.toHaveBeenCalled();
    expect(iframes()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(link.onExit).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ reason: "USER_EXIT", state: "s-1" }));
    expect(iframes()).toHaveLength(0);
    postCallback(connected());
    expect(link.onSuccess).not.toHaveBeenCalled();
  });

  it("ends at once on an EXIT before any session opened: no callback page can follow a start that failed", async () => {
    const link = await openLink({ state: "s-2" });
    const failed = { screen: "ERROR", entity: null, requestId: "req-9" } as const;
    post(linkEvent("ERROR", { ...failed, reason: "UNKNOWN_ENTITY", retryable: false }));
    expect(link.onExit).not.toHaveBeenCalled();
    post(linkEvent("EXIT", { ...failed, reason: "UNKNOWN_ENTITY", status: "ENTITY" }));
    expect(link.onExit).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ reason: "UNKNOWN_ENTITY", requestId: "req-9", state: "s-2" }),
    );
    expect(iframes()).toHaveLength(0);
  });
});
