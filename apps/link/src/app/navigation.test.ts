import type { LinkEvent } from "@finlink/contracts";
import { describe, expect, it, vi } from "vitest";
import type { LinkApi } from "../api/link-api";
import type { MessageTarget } from "../post-message/link-events";
import { APP_ORIGIN, bank, downBank, fakeApi, otpChallenge, problem, session } from "../testing/fixtures";
import { type BackResult, createFlow, type FlowDeps } from "./flow";
import { bindHistory, type HistoryWindow } from "./history";

const EXITED = `${APP_ORIGIN}/link/callback?error=USER_EXIT`;

function setup(api: Partial<LinkApi>, deps: Partial<FlowDeps> = {}) {
  const parent = { postMessage: vi.fn<MessageTarget["postMessage"]>() };
  const navigate = vi.fn();
  const exit = vi.fn(async () => ({ redirectUrl: EXITED }));
  const flow = createFlow({
    api: fakeApi({ createSession: async () => session(), exit, ...api }),
    parent,
    navigate,
    ...deps,
  });
  const posted = () =>
    parent.postMessage.mock.calls.map(([message, origin]) => ({ ...(message as LinkEvent), origin }));
  return { flow, parent, navigate, exit, posted };
}

const screenOf = (flow: ReturnType<typeof createFlow>) => flow.getState().view.screen;

/** Consent → entity → credentials → MFA, as a user connecting does. */
async function toMfa(flow: ReturnType<typeof createFlow>) {
  await flow.start({ id: "r" });
  flow.acceptConsent();
  flow.selectEntity(bank);
  await flow.submitCredentials({ username: "user_otp", password: "pass_good" });
}

describe("Back inside Link", () => {
  it("walks back MFA → credentials (an empty form) → entity → consent, then exits as Exit does", async () => {
    const { flow, exit, navigate, posted } = setup({
      submitCredentials: async () => ({ step: "MFA", challenge: otpChallenge() }),
    });
    await toMfa(flow);
    expect(screenOf(flow)).toBe("MFA");
    expect(flow.depth()).toBe(4);

    const steps: [BackResult, string][] = [];
    for (let i = 0; i < 3; i++) steps.push([flow.back(), screenOf(flow)]);
    expect(steps).toEqual([
      ["moved", "CREDENTIALS"],
      ["moved", "ENTITY"],
      ["moved", "CONSENT"],
    ]);
    expect(flow.depth()).toBe(1);
    expect(exit).not.toHaveBeenCalled();

    expect(flow.back()).toBe("exit");
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith(EXITED));
    expect(exit).toHaveBeenCalledExactlyOnceWith({ reason: "USER_EXIT", screen: "CONSENT" });
    expect(posted().at(-1)).toMatchObject({ type: "EXIT", reason: "USER_EXIT", screen: "CONSENT", origin: APP_ORIGIN });
  });

  it("comes back to the credentials without the last error, for the bank chosen", async () => {
    const { flow } = setup({
      submitCredentials: async () => ({ step: "MFA", challenge: otpChallenge() }),
      answerChallenge: () => Promise.reject(problem(400, "INVALID_MFA", { step: "MFA", remainingAttempts: 2 })),
    });
    await toMfa(flow);
    await flow.answer({ type: "OTP", code: "000000" });
    expect(flow.getState().view).toMatchObject({ screen: "MFA", error: { reason: "INVALID_MFA" } });
    flow.back();
    expect(flow.getState().view).toEqual({ screen: "CREDENTIALS", entity: bank, error: null });
  });

  it("from an error after the code screen goes back to the credentials, passing over the challenge that is over", async () => {
    const { flow, exit } = setup({
      submitCredentials: async () => ({ step: "MFA", challenge: otpChallenge() }),
      answerChallenge: () => Promise.reject(problem(400, "MFA_TIMEOUT", { retryable: true, step: "CREDENTIALS" })),
    });
    await toMfa(flow);
    await flow.answer({ type: "OTP", code: "123456" });
    expect(flow.getState().view).toMatchObject({ screen: "ERROR", retry: "CREDENTIALS" });
    expect(flow.back()).toBe("moved");
    expect(flow.getState().view).toEqual({ screen: "CREDENTIALS", entity: bank, error: null });
    expect(exit).not.toHaveBeenCalled();
  });

  it("stays while a call is in flight, and on the connecting and success screens", async () => {
    let answer: (value: { step: "AUTHENTICATED" }) => void = () => {};
    let finish: () => void = () => {};
    const { flow, exit } = setup({
      submitCredentials: () => new Promise((resolve) => (answer = resolve)),
      finish: () =>
        new Promise((resolve) => {
          finish = () => resolve({ redirectUrl: `${APP_ORIGIN}/cb`, operation: "CONNECT", entity: bank.id });
        }),
    });
    await flow.start({ id: "r" });
    flow.acceptConsent();
    flow.selectEntity(bank);
    const signingIn = flow.submitCredentials({ username: "user_good", password: "pass_good" });
    expect(flow.back()).toBe("stay");
    expect(screenOf(flow)).toBe("CREDENTIALS");
    answer({ step: "AUTHENTICATED" });
    await vi.waitFor(() => expect(screenOf(flow)).toBe("CONNECTING"));
    expect(flow.back()).toBe("stay");
    finish();
    await signingIn;
    expect(screenOf(flow)).toBe("SUCCESS");
    expect(flow.back()).toBe("stay");
    expect(exit).not.toHaveBeenCalled();
  });

  it("from an entity that is down goes back to the list; from an error nothing behind can mend, exits naming it", async () => {
    const { flow, exit } = setup({
      submitCredentials: () => Promise.reject(problem(429, "TOO_MANY_ATTEMPTS", { retryable: false, step: "LOCKED" })),
    });
    await flow.start({ id: "r" });
    flow.acceptConsent();
    flow.selectEntity(downBank);
    expect(screenOf(flow)).toBe("ERROR");
    expect(flow.back()).toBe("moved");
    expect(screenOf(flow)).toBe("ENTITY");

    flow.selectEntity(bank);
    await flow.submitCredentials({ username: "user_good", password: "wrong" });
    expect(flow.getState().view).toMatchObject({ screen: "ERROR", error: { reason: "TOO_MANY_ATTEMPTS" } });
    expect(flow.back()).toBe("exit");
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith({ reason: "TOO_MANY_ATTEMPTS", screen: "ERROR" }));
  });

  it("asks to leave by the browser's history once the session is over (nothing left to exit)", async () => {
    const { flow, exit } = setup({
      submitCredentials: () => Promise.reject(problem(401, "SESSION_EXPIRED", { retryable: false })),
    });
    await flow.start({ id: "r" });
    flow.acceptConsent();
    flow.selectEntity(bank);
    await flow.submitCredentials({ username: "user_good", password: "pass_good" });
    expect(flow.back()).toBe("leave");
    expect(exit).not.toHaveBeenCalled();
  });

  it("cuts the way back where the user returned in the app (another bank chosen)", async () => {
    const { flow } = setup({});
    await flow.start({ id: "r" });
    flow.acceptConsent();
    flow.selectEntity(bank);
    expect(flow.depth()).toBe(3);
    flow.changeEntity();
    expect(flow.depth()).toBe(2);
    expect(flow.back()).toBe("moved");
    expect(screenOf(flow)).toBe("CONSENT");
  });

  it("starts an update at the credentials: Back from there exits", async () => {
    const { flow, exit } = setup({
      createSession: async () => session({ operation: "UPDATE", entity: bank, fixedUsername: "user_good" }),
    });
    await flow.start({ update_token: "u" });
    expect(flow.depth()).toBe(1);
    expect(flow.back()).toBe("exit");
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith({ reason: "USER_EXIT", screen: "CREDENTIALS" }));
  });
});

describe("a start that failed inside an iframe", () => {
  const failing = { createSession: () => Promise.reject(problem(404, "UNKNOWN_ENTITY", { retryable: false })) };

  it("posts ERROR to the framing page's origin, and EXIT on Back to the app", async () => {
    const { flow, posted } = setup(failing, { framingOrigin: () => APP_ORIGIN });
    await flow.start({ id: "r", entity: "nope" });
    expect(flow.canLeaveStart()).toBe(true);
    const failure = { screen: "ERROR", entity: null, reason: "UNKNOWN_ENTITY", requestId: "req-1", origin: APP_ORIGIN };
    expect(posted()).toEqual([{ source: "finlink-link", version: 1, type: "ERROR", retryable: false, ...failure }]);
    flow.leaveStart();
    expect(posted()[1]).toEqual({ source: "finlink-link", version: 1, type: "EXIT", status: "ENTITY", ...failure });
  });

  it("says nothing when the framing page's origin is unknown (no referrer, no ancestorOrigins)", async () => {
    const { flow, posted } = setup(failing, { framingOrigin: () => null });
    await flow.start({ id: "r" });
    flow.leaveStart();
    expect(posted()).toEqual([]);
    expect(flow.canLeaveStart()).toBe(false);
  });

  it("on a whole page offers no Back to the app (the page before Link need not be the app)", async () => {
    const parent = null;
    const flow = createFlow({ api: fakeApi(failing), parent, navigate: vi.fn(), framingOrigin: () => APP_ORIGIN });
    await flow.start({ id: "r" });
    expect(flow.canLeaveStart()).toBe(false);
  });
});

/** A history of entries with their states, as the browser keeps it, with popstate on back/go. */
function fakeWindow(): HistoryWindow & { entries: unknown[]; index: number; pop(delta: number): void } {
  const listeners = new Set<(event: PopStateEvent) => void>();
  const win = {
    entries: [{ app: "page" }] as unknown[],
    index: 0,
    pop(delta: number) {
      win.index += delta;
      const event = { state: win.entries[win.index] } as PopStateEvent;
      for (const listener of listeners) listener(event);
    },
    history: {
      get state() {
        return win.entries[win.index];
      },
      pushState(state: unknown) {
        win.entries = [...win.entries.slice(0, win.index + 1), state];
        win.index += 1;
      },
      replaceState(state: unknown) {
        win.entries[win.index] = state;
      },
      back: () => win.pop(-1),
      go: (delta = 0) => win.pop(delta),
    },
    addEventListener: (_: "popstate", listener: (event: PopStateEvent) => void) => listeners.add(listener),
    removeEventListener: (_: "popstate", listener: (event: PopStateEvent) => void) => listeners.delete(listener),
  };
  return win as typeof win & HistoryWindow;
}

describe("bindHistory", () => {
  it("adds one entry per step, and the browser's Back walks them back to an exit", async () => {
    const win = fakeWindow();
    const { flow, exit } = setup({ submitCredentials: async () => ({ step: "MFA", challenge: otpChallenge() }) });
    bindHistory(flow, win);
    expect(win.entries).toEqual([{ app: "page", finlinkStep: 0 }]);
    await toMfa(flow);
    expect(win.entries.slice(1)).toEqual([1, 2, 3, 4].map((finlinkStep) => ({ finlinkStep })));
    expect(win.index).toBe(4);

    win.history.back();
    expect(screenOf(flow)).toBe("CREDENTIALS");
    win.history.back();
    win.history.back();
    expect(screenOf(flow)).toBe("CONSENT");
    expect(exit).not.toHaveBeenCalled();
    win.history.back();
    await vi.waitFor(() => expect(exit).toHaveBeenCalledOnce());
    expect(win.index).toBe(0);
  });

  it("puts back the entry when there is nothing to go back to yet, and undoes Forward", async () => {
    const win = fakeWindow();
    const { flow } = setup({ submitCredentials: () => new Promise(() => {}) });
    bindHistory(flow, win);
    await flow.start({ id: "r" });
    flow.acceptConsent();
    flow.selectEntity(bank);
    flow.back(); // in the app, without the browser: the entry for the credentials stays ahead
    expect(screenOf(flow)).toBe("ENTITY");
    win.history.back(); // one step: entity → consent
    expect(screenOf(flow)).toBe("CONSENT");
    win.history.go(1); // Forward: undone, nothing moves
    expect(screenOf(flow)).toBe("CONSENT");
    expect(win.index).toBe(2);

    flow.acceptConsent();
    flow.selectEntity(bank);
    void flow.submitCredentials({ username: "user_good", password: "pass_good" });
    const entries = win.entries.length;
    win.history.back(); // busy: stays, and the entry comes back
    expect(screenOf(flow)).toBe("CREDENTIALS");
    expect(win.entries).toHaveLength(entries);
    expect(win.index).toBe(entries - 1);
  });

  it("goes on back past Link's entries when the session is over", async () => {
    const win = fakeWindow();
    const { flow } = setup({
      submitCredentials: () => Promise.reject(problem(401, "SESSION_EXPIRED", { retryable: false })),
    });
    bindHistory(flow, win);
    await flow.start({ id: "r" });
    flow.acceptConsent();
    flow.selectEntity(bank);
    await flow.submitCredentials({ username: "user_good", password: "pass_good" });
    expect(win.index).toBe(4);
    const go = vi.spyOn(win.history, "go");
    win.history.back();
    expect(go).toHaveBeenCalledWith(-4);
  });

  it("stops listening once unbound", async () => {
    const win = fakeWindow();
    const { flow } = setup({});
    const unbind = bindHistory(flow, win);
    await flow.start({ id: "r" });
    unbind();
    flow.acceptConsent();
    expect(win.entries).toHaveLength(2);
    win.history.back();
    expect(screenOf(flow)).toBe("ENTITY");
  });
});
