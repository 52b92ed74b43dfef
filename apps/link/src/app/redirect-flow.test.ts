import type { LinkEvent } from "@finlink/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CompletedRedirect, LinkApi } from "../api/link-api";
import type { MessageTarget } from "../post-message/link-events";
import { APP_ORIGIN, fakeApi, oauthBank, otpChallenge, problem, session } from "../testing/fixtures";
import { type BankWindowHost, RETURN_ACK, RETURN_MESSAGE } from "./bank-window";
import { canExit } from "./current-view";
import { createFlow, type Flow } from "./flow";
import { SESSION_POLL_MS } from "./redirect-flow";

const LINK_ORIGIN = "https://finlink.example";
const AUTHORIZE = "https://finlink.example/sandbox/oauth/authorize?state=st_1";
const RETURNED = `${LINK_ORIGIN}/link/return?code=c_1&state=st_1`;
const SUCCESS_URL = `${APP_ORIGIN}/link/callback?publicToken=pt&operation=CONNECT&entity=sandbox_bank_oauth`;
const DENIED_URL = `${APP_ORIGIN}/link/callback?error=USER_DENIED&operation=CONNECT`;
const started = (url = AUTHORIZE, expiresAt = "2999-01-01T00:00:00.000Z") => ({ authorizeUrl: url, expiresAt });

const completed = (result: CompletedRedirect["result"], fields = {}): CompletedRedirect => ({
  ...session({ entity: oauthBank }),
  step: result.step === "DENIED" ? "CREDENTIALS" : result.step,
  result,
  ...fields,
});

/** The browser around Link: a popup that opens (or not), the top page, and the window's messages. */
function fakeHost(fields: Partial<BankWindowHost> = {}) {
  const listeners = new Set<(event: MessageEvent) => void>();
  const popup = { closed: false, focus: vi.fn(), close: vi.fn(), postMessage: vi.fn() };
  const host = {
    framed: true,
    origin: LINK_ORIGIN,
    open: vi.fn((_url: string) => popup as unknown as Window),
    navigateTop: vi.fn(),
    assign: vi.fn(),
    listen(listener: (event: MessageEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    handBack: vi.fn(async () => false),
    close: vi.fn(),
    ...fields,
  };
  /** A message as the window receives it; by default our return page's, from the popup. */
  const deliver = (data: unknown, from: { origin?: string; source?: unknown } = {}) => {
    const event = { data, origin: from.origin ?? LINK_ORIGIN, source: "source" in from ? from.source : popup };
    for (const listener of [...listeners]) listener(event as MessageEvent);
  };
  return { host, popup, deliver, listening: () => listeners.size };
}

function setup(api: Partial<LinkApi>, hostFields: Partial<BankWindowHost> = {}, framed = true) {
  const parent = { postMessage: vi.fn<MessageTarget["postMessage"]>() };
  const navigate = vi.fn();
  const browser = fakeHost({ framed, ...hostFields });
  const fullApi = fakeApi({ createSession: async () => session(), ...api });
  const flow = createFlow({ api: fullApi, parent: framed ? parent : null, navigate, host: browser.host });
  const posted = () => parent.postMessage.mock.calls.map(([message]) => message as LinkEvent);
  return { flow, navigate, posted, ...browser };
}

const view = (flow: Flow) => flow.getState().view;

/** Consent, then the bank picked from the list, until its page's address is there. */
async function toBank(flow: Flow) {
  await flow.start({ id: "r" });
  flow.acceptConsent();
  flow.selectEntity(oauthBank);
  await vi.waitFor(() => expect(view(flow)).toMatchObject({ screen: "REDIRECT", stage: "READY" }));
}

afterEach(() => vi.useRealTimers());

describe("redirect sign-in, in an iframe", () => {
  it("fetches the bank's address on picking the entity, the button waiting until it is there", async () => {
    let answer: (value: ReturnType<typeof started>) => void = () => {};
    const startRedirect = vi.fn(() => new Promise<ReturnType<typeof started>>((resolve) => (answer = resolve)));
    const { flow, host, posted } = setup({ startRedirect });
    await flow.start({ id: "r" });
    flow.acceptConsent();
    flow.selectEntity(oauthBank);
    expect(view(flow)).toMatchObject({ screen: "REDIRECT", stage: "PREPARING", authorizeUrl: null });
    await vi.waitFor(() => expect(startRedirect).toHaveBeenCalledWith("sandbox_bank_oauth"));
    flow.openBank(); // not ready: nothing opens
    expect(host.open).not.toHaveBeenCalled();
    answer(started());
    await vi.waitFor(() => expect(view(flow)).toMatchObject({ stage: "READY", authorizeUrl: AUTHORIZE }));
    expect(posted().map((e) => e.type)).toEqual(["OPEN", "SELECT_ENTITY"]);
  });

  it("opens the popup in the click itself, says SUBMIT_CREDENTIALS, and waits", async () => {
    const { flow, host, posted } = setup({ startRedirect: async () => started() });
    await toBank(flow);
    flow.openBank();
    // Synchronously: no await between the click and window.open, or the browser blocks the popup.
    expect(host.open).toHaveBeenCalledExactlyOnceWith(AUTHORIZE);
    expect(view(flow)).toMatchObject({ screen: "REDIRECT", stage: "WAITING" });
    expect(posted().at(-1)).toEqual({
      source: "finlink-link",
      version: 1,
      type: "SUBMIT_CREDENTIALS",
      entity: "sandbox_bank_oauth",
    });
    expect(host.navigateTop).not.toHaveBeenCalled();
    expect(canExit(flow.getState())).toBe(true);
  });

  it("sends the whole tab to the bank when the popup is blocked, and offers a link when that is refused too", async () => {
    const { flow, host } = setup({ startRedirect: async () => started() }, { open: vi.fn(() => null) });
    await toBank(flow);
    flow.openBank();
    expect(host.navigateTop).toHaveBeenCalledExactlyOnceWith(AUTHORIZE);

    vi.mocked(host.navigateTop).mockImplementation(() => {
      throw new DOMException("not allowed to navigate the top", "SecurityError");
    });
    flow.openBank();
    expect(view(flow)).toMatchObject({ stage: "BLOCKED", authorizeUrl: AUTHORIZE });
  });

  it("completes from its own popup's message only: another origin, another window or another shape is ignored", async () => {
    const completeRedirect = vi.fn(async () => completed({ step: "AUTHENTICATED" }));
    const finish = vi.fn(async () => ({ redirectUrl: SUCCESS_URL, operation: "CONNECT" as const, entity: "x" }));
    const { flow, popup, deliver } = setup({ startRedirect: async () => started(), completeRedirect, finish });
    await toBank(flow);
    flow.openBank();

    const message = { type: RETURN_MESSAGE, url: RETURNED };
    deliver(message, { origin: "https://evil.example" });
    deliver(message, { source: { postMessage: vi.fn() } });
    deliver(message, { source: null });
    deliver({ type: "finlink:other", url: RETURNED });
    deliver({ type: RETURN_MESSAGE, url: `${APP_ORIGIN}/link/return?code=c&state=s` });
    deliver({ type: RETURN_MESSAGE, url: `${LINK_ORIGIN}/link?code=c&state=s` });
    deliver(RETURNED);
    expect(completeRedirect).not.toHaveBeenCalled();
    expect(popup.postMessage).not.toHaveBeenCalled();
    expect(view(flow)).toMatchObject({ stage: "WAITING" });

    deliver(message);
    expect(popup.postMessage).toHaveBeenCalledExactlyOnceWith({ type: RETURN_ACK }, LINK_ORIGIN);
    await vi.waitFor(() => expect(view(flow)).toMatchObject({ screen: "SUCCESS", redirectUrl: SUCCESS_URL }));
    expect(completeRedirect).toHaveBeenCalledExactlyOnceWith(RETURNED);
    deliver(message); // a second message after the wait ended does nothing
    expect(completeRedirect).toHaveBeenCalledTimes(1);
  });

  it("goes on to the MFA screens when the bank asks for another factor", async () => {
    const challenge = otpChallenge();
    const { flow, deliver } = setup({
      startRedirect: async () => started(),
      completeRedirect: async () => completed({ step: "MFA", challenge }),
    });
    await toBank(flow);
    flow.openBank();
    deliver({ type: RETURN_MESSAGE, url: RETURNED });
    await vi.waitFor(() => expect(view(flow)).toMatchObject({ screen: "MFA", entity: oauthBank, challenge }));
  });

  it("ends a refusal at the bank with ERROR, then exits as USER_DENIED, closing the bank's window", async () => {
    const exit = vi.fn(async () => ({ redirectUrl: DENIED_URL }));
    const { flow, navigate, popup, deliver, posted } = setup({
      startRedirect: async () => started(),
      completeRedirect: async () => completed({ step: "DENIED" }),
      exit,
    });
    await toBank(flow);
    flow.openBank();
    deliver({ type: RETURN_MESSAGE, url: RETURNED });
    await vi.waitFor(() => expect(view(flow)).toMatchObject({ screen: "REDIRECT", stage: "DENIED" }));
    expect(posted().at(-1)).toMatchObject({ type: "ERROR", screen: "CREDENTIALS", reason: "USER_DENIED" });

    await flow.exit();
    expect(exit).toHaveBeenCalledWith({ reason: "USER_DENIED", screen: "CREDENTIALS" });
    expect(posted().at(-1)).toMatchObject({ type: "EXIT", reason: "USER_DENIED", status: "CREDENTIALS" });
    expect(navigate).toHaveBeenCalledWith(DENIED_URL);
    expect(popup.close).toHaveBeenCalled();
  });

  it("fetches a fresh address when the return is no longer known, saying so", async () => {
    const startRedirect = vi
      .fn()
      .mockResolvedValueOnce(started())
      .mockResolvedValueOnce(started(`${AUTHORIZE}2`));
    const { flow, deliver } = setup({
      startRedirect,
      completeRedirect: async () => Promise.reject(problem(409, "REDIRECT_STATE_UNKNOWN")),
    });
    await toBank(flow);
    flow.openBank();
    deliver({ type: RETURN_MESSAGE, url: RETURNED });
    await vi.waitFor(() => expect(view(flow)).toMatchObject({ stage: "READY", authorizeUrl: `${AUTHORIZE}2` }));
    expect(view(flow)).toMatchObject({ error: { reason: "REDIRECT_STATE_UNKNOWN" } });
  });

  it("shows a failed fetch of the address, and Try again fetches it", async () => {
    const startRedirect = vi
      .fn()
      .mockRejectedValueOnce(problem(503, "ENTITY_UNAVAILABLE"))
      .mockResolvedValue(started());
    const { flow } = setup({ startRedirect });
    await flow.start({ id: "r" });
    flow.acceptConsent();
    flow.selectEntity(oauthBank);
    await vi.waitFor(() =>
      expect(view(flow)).toMatchObject({ stage: "PREPARING", error: { reason: "ENTITY_UNAVAILABLE" } }),
    );
    flow.retryRedirect();
    await vi.waitFor(() => expect(view(flow)).toMatchObject({ stage: "READY", error: null }));
  });

  it("fetches the address again instead of opening one about to expire", async () => {
    const soon = new Date(Date.now() + 5_000).toISOString();
    const startRedirect = vi.fn().mockResolvedValueOnce(started(AUTHORIZE, soon)).mockResolvedValue(started());
    const { flow, host } = setup({ startRedirect });
    await toBank(flow);
    flow.openBank();
    expect(host.open).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(startRedirect).toHaveBeenCalledTimes(2));
  });

  it("brings the bank's window to the front, or fetches a fresh address once the user closed it (single-use)", async () => {
    const startRedirect = vi.fn(async () => started());
    const { flow, host, popup } = setup({ startRedirect });
    await toBank(flow);
    flow.openBank();
    flow.reopenBank();
    expect(popup.focus).toHaveBeenCalledTimes(1);
    expect(host.open).toHaveBeenCalledTimes(1);
    popup.closed = true;
    flow.reopenBank();
    await vi.waitFor(() => expect(view(flow)).toMatchObject({ stage: "READY" }));
    expect(startRedirect).toHaveBeenCalledTimes(2);
    expect(host.open).toHaveBeenCalledTimes(1);
    flow.openBank();
    expect(host.open).toHaveBeenCalledTimes(2);
    expect(view(flow)).toMatchObject({ stage: "WAITING" });
  });
});

describe("redirect sign-in, waiting on the bank", () => {
  it("polls the session every 2 s and says so when another window took it on (the token was rotated)", async () => {
    vi.useFakeTimers();
    const getSession = vi
      .fn()
      .mockResolvedValueOnce({ ...session(), step: "CREDENTIALS", challenge: null })
      .mockRejectedValueOnce(problem(0, "NETWORK_ERROR"))
      .mockRejectedValue(problem(401, "SESSION_EXPIRED"));
    const { flow, listening } = setup({ startRedirect: async () => started(), getSession });
    await toBank(flow);
    flow.openBank();
    await vi.advanceTimersByTimeAsync(SESSION_POLL_MS - 10);
    expect(getSession).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20);
    expect(getSession).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(SESSION_POLL_MS);
    expect(getSession).toHaveBeenCalledTimes(2);
    expect(view(flow)).toMatchObject({ stage: "WAITING" }); // a network fault is not a verdict
    await vi.advanceTimersByTimeAsync(SESSION_POLL_MS);
    expect(view(flow)).toMatchObject({ screen: "REDIRECT", stage: "ELSEWHERE" });
    expect(canExit(flow.getState())).toBe(false);
    expect(listening()).toBe(0);
    await vi.advanceTimersByTimeAsync(5 * SESSION_POLL_MS);
    expect(getSession).toHaveBeenCalledTimes(3);
  });

  it("shows an expired session as expired, not as another window", async () => {
    vi.useFakeTimers();
    const { flow } = setup({
      createSession: async () => session({ expiresAt: new Date(Date.now() + 1_000).toISOString() }),
      startRedirect: async () => started(),
      getSession: async () => Promise.reject(problem(401, "SESSION_EXPIRED")),
    });
    await toBank(flow);
    flow.openBank();
    await vi.advanceTimersByTimeAsync(SESSION_POLL_MS);
    expect(view(flow)).toMatchObject({ screen: "ERROR", error: { reason: "SESSION_EXPIRED" } });
  });
});

describe("redirect sign-in, as a whole page", () => {
  it("goes to the bank's page with location.assign, opening no popup", async () => {
    const { flow, host } = setup({ startRedirect: async () => started() }, {}, false);
    await toBank(flow);
    flow.openBank();
    expect(host.assign).toHaveBeenCalledExactlyOnceWith(AUTHORIZE);
    expect(host.open).not.toHaveBeenCalled();
    expect(host.navigateTop).not.toHaveBeenCalled();
  });
});

describe("Link's return page", () => {
  it("hands the URL to the window that opened the bank, then closes, completing nothing itself", async () => {
    const completeRedirect = vi.fn();
    const { flow, host } = setup({ completeRedirect }, { handBack: vi.fn(async () => true) }, false);
    await flow.returnFromBank(RETURNED);
    expect(host.handBack).toHaveBeenCalledWith(RETURNED);
    expect(view(flow)).toEqual({ screen: "RETURN", stage: "CLOSING", error: null });
    expect(host.close).toHaveBeenCalled();
    expect(completeRedirect).not.toHaveBeenCalled();
  });

  it("without an opener completes the session itself and ends at the app's redirect", async () => {
    const completeRedirect = vi.fn(async () => completed({ step: "AUTHENTICATED" }));
    const finish = vi.fn(async () => ({ redirectUrl: SUCCESS_URL, operation: "CONNECT" as const, entity: "x" }));
    const { flow, navigate } = setup({ completeRedirect, finish }, {}, false);
    await flow.returnFromBank(RETURNED);
    expect(completeRedirect).toHaveBeenCalledWith(RETURNED);
    await vi.waitFor(() => expect(view(flow)).toMatchObject({ screen: "SUCCESS", entity: oauthBank }));
    expect(flow.getState().session?.app.name).toBe("Demo app");
    flow.handoff();
    expect(navigate).toHaveBeenCalledWith(SUCCESS_URL);
  });

  it("says a return the server no longer knows has finished or expired, and one without state too", async () => {
    const completeRedirect = vi.fn(async () => Promise.reject(problem(409, "REDIRECT_STATE_UNKNOWN")));
    const { flow } = setup({ completeRedirect }, {}, false);
    await flow.returnFromBank(RETURNED);
    expect(view(flow)).toMatchObject({ screen: "RETURN", stage: "UNKNOWN" });

    // A reload: the query was stripped, so nothing is sent.
    await flow.returnFromBank(`${LINK_ORIGIN}/link/return`);
    expect(completeRedirect).toHaveBeenCalledTimes(1);
    expect(view(flow)).toMatchObject({ screen: "RETURN", stage: "UNKNOWN" });
    expect(canExit(flow.getState())).toBe(false);
  });

  it("offers Try again when the completion got no answer", async () => {
    const completeRedirect = vi
      .fn()
      .mockRejectedValueOnce(problem(0, "NETWORK_ERROR", { retryable: true }))
      .mockResolvedValue(completed({ step: "DENIED" }));
    const { flow } = setup({ completeRedirect }, {}, false);
    await flow.returnFromBank(RETURNED);
    expect(view(flow)).toMatchObject({ screen: "RETURN", stage: "COMPLETING", error: { reason: "NETWORK_ERROR" } });
    await flow.retryReturn();
    expect(completeRedirect).toHaveBeenLastCalledWith(RETURNED);
    expect(view(flow)).toMatchObject({ screen: "REDIRECT", stage: "DENIED", entity: oauthBank });
  });

  it("ends a refusal at a bank the session does not name at the app's redirect, as USER_DENIED", async () => {
    const exit = vi.fn(async () => ({ redirectUrl: DENIED_URL }));
    const completeRedirect = vi.fn(async () => completed({ step: "DENIED" }, { entity: null }));
    const { flow, navigate } = setup({ completeRedirect, exit }, {}, false);
    await flow.returnFromBank(RETURNED);
    expect(view(flow)).toEqual({ screen: "RETURN", stage: "DENIED", error: null });
    expect(canExit(flow.getState())).toBe(true);
    await flow.exit();
    expect(exit).toHaveBeenCalledWith({ reason: "USER_DENIED", screen: "CREDENTIALS" });
    expect(navigate).toHaveBeenCalledWith(DENIED_URL);
  });
});

describe("Back on the bank's page's screens", () => {
  it("goes back to the list from the waiting screen, closing the bank's window", async () => {
    const { flow, popup } = setup({ startRedirect: async () => started() });
    await toBank(flow);
    flow.openBank();
    expect(flow.back()).toBe("moved");
    expect(view(flow)).toEqual({ screen: "ENTITY" });
    expect(popup.close).toHaveBeenCalled();
  });

  it("stays while completing, and exits as USER_DENIED after a refusal", async () => {
    let answer: (value: CompletedRedirect) => void = () => {};
    const exit = vi.fn(async () => ({ redirectUrl: DENIED_URL }));
    const { flow, deliver, navigate } = setup({
      startRedirect: async () => started(),
      completeRedirect: () => new Promise((resolve) => (answer = resolve)),
      exit,
    });
    await toBank(flow);
    flow.openBank();
    deliver({ type: RETURN_MESSAGE, url: RETURNED });
    await vi.waitFor(() => expect(view(flow)).toMatchObject({ stage: "COMPLETING" }));
    expect(flow.back()).toBe("stay");
    answer(completed({ step: "DENIED" }));
    await vi.waitFor(() => expect(view(flow)).toMatchObject({ stage: "DENIED" }));
    expect(flow.back()).toBe("exit");
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith(DENIED_URL));
    expect(exit).toHaveBeenCalledWith({ reason: "USER_DENIED", screen: "CREDENTIALS" });
  });

  it("leaves Link by the browser's history on a return the server no longer knows (no session to exit)", async () => {
    const { flow } = setup(
      { completeRedirect: () => Promise.reject(problem(404, "REDIRECT_STATE_UNKNOWN", { retryable: false })) },
      {},
      false,
    );
    await flow.returnFromBank(RETURNED);
    expect(view(flow)).toMatchObject({ screen: "RETURN", stage: "UNKNOWN" });
    expect(flow.back()).toBe("leave");
  });
});
