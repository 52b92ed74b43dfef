import { afterEach, describe, expect, it, vi } from "vitest";
import { ACK_TIMEOUT_MS, handBackToOpener, RETURN_ACK, RETURN_MESSAGE, returnUrlOf } from "./bank-window";

const ORIGIN = "https://finlink.example";
const RETURNED = `${ORIGIN}/link/return?code=c&state=s`;

/** The return page's window: its own origin, an opener (or none), and the messages it receives. */
function returnPage(opener: unknown) {
  const target = new EventTarget();
  const self = Object.assign(target, { opener, location: { origin: ORIGIN } }) as unknown as Window;
  const receive = (data: unknown, origin: string, source: unknown) =>
    target.dispatchEvent(Object.assign(new Event("message"), { data, origin, source }));
  return { self, receive };
}

const linkOpener = () => ({ location: { origin: ORIGIN }, postMessage: vi.fn() });

afterEach(() => vi.useRealTimers());

describe("handBackToOpener", () => {
  it("posts the URL to Link's own opener, at Link's origin only, and is done when that window answers", async () => {
    const opener = linkOpener();
    const { self, receive } = returnPage(opener);
    const handed = handBackToOpener(self, RETURNED);
    expect(opener.postMessage).toHaveBeenCalledExactlyOnceWith({ type: RETURN_MESSAGE, url: RETURNED }, ORIGIN);
    receive({ type: RETURN_ACK }, ORIGIN, opener);
    await expect(handed).resolves.toBe(true);
  });

  it("completes itself when the answer never comes, or comes from another window or origin", async () => {
    vi.useFakeTimers();
    const opener = linkOpener();
    const { self, receive } = returnPage(opener);
    const handed = handBackToOpener(self, RETURNED);
    receive({ type: RETURN_ACK }, ORIGIN, { postMessage: vi.fn() });
    receive({ type: RETURN_ACK }, "https://evil.example", opener);
    receive({ type: "other" }, ORIGIN, opener);
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS);
    await expect(handed).resolves.toBe(false);
  });

  it("hands nothing to no opener, or to another origin's (reading its location throws)", async () => {
    expect(await handBackToOpener(returnPage(null).self, RETURNED)).toBe(false);
    const foreign = {
      postMessage: vi.fn(),
      get location(): Location {
        throw new DOMException("Blocked a frame with origin", "SecurityError");
      },
    };
    expect(await handBackToOpener(returnPage(foreign).self, RETURNED)).toBe(false);
    expect(foreign.postMessage).not.toHaveBeenCalled();
    const sameOriginOtherSite = { location: { origin: "https://app.example" }, postMessage: vi.fn() };
    expect(await handBackToOpener(returnPage(sameOriginOtherSite).self, RETURNED)).toBe(false);
    expect(sameOriginOtherSite.postMessage).not.toHaveBeenCalled();
  });
});

describe("returnUrlOf", () => {
  it("takes only the return page's message naming our return page", () => {
    expect(returnUrlOf({ type: RETURN_MESSAGE, url: RETURNED }, ORIGIN)).toBe(RETURNED);
    expect(returnUrlOf({ type: RETURN_MESSAGE, url: RETURNED }, "https://other.example")).toBeNull();
    expect(returnUrlOf({ type: RETURN_MESSAGE, url: `${ORIGIN}/link?code=c` }, ORIGIN)).toBeNull();
    expect(returnUrlOf({ type: RETURN_MESSAGE, url: "not a url" }, ORIGIN)).toBeNull();
    expect(returnUrlOf({ type: RETURN_MESSAGE, url: `${RETURNED}&${"x".repeat(4000)}` }, ORIGIN)).toBeNull();
    expect(returnUrlOf({ type: "finlink:other", url: RETURNED }, ORIGIN)).toBeNull();
    expect(returnUrlOf({ type: RETURN_MESSAGE }, ORIGIN)).toBeNull();
    expect(returnUrlOf(null, ORIGIN)).toBeNull();
    expect(returnUrlOf(RETURNED, ORIGIN)).toBeNull();
  });
});
