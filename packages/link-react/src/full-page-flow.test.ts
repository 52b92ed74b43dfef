import { afterEach, describe, expect, it } from "vitest";
import {
  PENDING_FLOW_KEY,
  PENDING_FLOW_MAX_AGE_MS,
  savePendingFullPageFlow,
  takePendingFullPageFlow,
} from "./full-page-flow";

const flow = { state: "s-1", startedAt: 1_000_000, returnTo: "/connections?tab=all#new" };

describe("the pending full-page flow", () => {
  afterEach(() => sessionStorage.clear());

  it("is stored under a namespaced key, survives until taken, and is gone after", () => {
    expect(savePendingFullPageFlow(flow)).toBe(true);
    expect(Object.keys(sessionStorage)).toEqual([PENDING_FLOW_KEY]);
    // A reload of the callback page reads the same storage: nothing is consumed until taken.
    expect(sessionStorage.getItem(PENDING_FLOW_KEY)).not.toBeNull();
    expect(takePendingFullPageFlow({ now: flow.startedAt })).toEqual(flow);
    expect(takePendingFullPageFlow({ now: flow.startedAt })).toBeNull();
  });

  it("is taken up to 30 minutes old, not a millisecond later (and cleared either way)", () => {
    savePendingFullPageFlow(flow);
    expect(takePendingFullPageFlow({ now: flow.startedAt + PENDING_FLOW_MAX_AGE_MS })).toEqual(flow);
    savePendingFullPageFlow(flow);
    expect(takePendingFullPageFlow({ now: flow.startedAt + PENDING_FLOW_MAX_AGE_MS + 1 })).toBeNull();
    expect(sessionStorage.getItem(PENDING_FLOW_KEY)).toBeNull();
  });

  it.each([
    ["not JSON", "{"],
    ["no startedAt", JSON.stringify({ state: "s", returnTo: "/" })],
    ["an absolute returnTo", JSON.stringify({ ...flow, returnTo: "https://evil.example/" })],
    ["a protocol-relative returnTo", JSON.stringify({ ...flow, returnTo: "//evil.example/" })],
    ["a backslash returnTo", JSON.stringify({ ...flow, returnTo: "/\\evil.example" })],
  ])("ignores and clears an entry with %s", (_, raw) => {
    sessionStorage.setItem(PENDING_FLOW_KEY, raw);
    expect(takePendingFullPageFlow({ now: flow.startedAt })).toBeNull();
    expect(sessionStorage.getItem(PENDING_FLOW_KEY)).toBeNull();
  });

  it("keeps a null state and a root returnTo", () => {
    const root = { state: null, startedAt: flow.startedAt, returnTo: "/" };
    savePendingFullPageFlow(root);
    expect(takePendingFullPageFlow({ now: flow.startedAt })).toEqual(root);
  });

  it("refuses to store a returnTo off this origin", () => {
    expect(savePendingFullPageFlow({ ...flow, returnTo: "https://evil.example/" })).toBe(false);
    expect(sessionStorage.getItem(PENDING_FLOW_KEY)).toBeNull();
  });

  it("copes with a browser that refuses session storage", () => {
    const refusing = {
      getItem: () => {
        throw new DOMException("denied", "SecurityError");
      },
      setItem: () => {
        throw new DOMException("quota", "QuotaExceededError");
      },
      removeItem: () => {},
    };
    expect(savePendingFullPageFlow(flow, refusing)).toBe(false);
    expect(savePendingFullPageFlow(flow, null)).toBe(false);
    expect(takePendingFullPageFlow({ storage: refusing })).toBeNull();
    expect(takePendingFullPageFlow({ storage: null })).toBeNull();
  });
});
