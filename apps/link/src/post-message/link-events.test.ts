import { describe, expect, it, vi } from "vitest";
import { linkEvents, parentWindow, silentEvents } from "./link-events";

describe("linkEvents", () => {
  it("posts with the marker and the exact redirect origin", () => {
    const target = { postMessage: vi.fn() };
    linkEvents(target, "https://app.example").post({ type: "SELECT_ENTITY", entity: "sandbox_bank" });
    expect(target.postMessage).toHaveBeenCalledExactlyOnceWith(
      { source: "finlink-link", version: 1, type: "SELECT_ENTITY", entity: "sandbox_bank" },
      "https://app.example",
    );
  });

  it("posts nothing without a parent window or an origin, and never to '*'", () => {
    const target = { postMessage: vi.fn() };
    linkEvents(null, "https://app.example").post({ type: "SELECT_ENTITY", entity: "x" });
    linkEvents(target, "").post({ type: "SELECT_ENTITY", entity: "x" });
    linkEvents(target, "*").post({ type: "SELECT_ENTITY", entity: "x" });
    silentEvents.post({ type: "SELECT_ENTITY", entity: "x" });
    expect(target.postMessage).not.toHaveBeenCalled();
  });

  it("finds no parent when Link is the whole page", () => {
    expect(parentWindow(window)).toBeNull();
    const framed = { parent: { postMessage: vi.fn() } } as unknown as Window;
    expect(parentWindow(framed)).toBe(framed.parent);
  });
});
