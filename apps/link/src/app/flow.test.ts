import type { CreateLinkSessionRequest, LinkEvent, LinkSignInResponse } from "@finlink/contracts";
import { describe, expect, it, vi } from "vitest";
import type { LinkApi } from "../api/link-api";
import type { MessageTarget } from "../post-message/link-events";
import { APP_ORIGIN, bank, fakeApi, otpChallenge, problem, session } from "../testing/fixtures";
import { createFlow, type Flow } from "./flow";

const REDIRECT = `${APP_ORIGIN}/link/callback?publicToken=pt&operation=CONNECT&entity=sandbox_bank`;

const parentWindow = () => ({ postMessage: vi.fn<MessageTarget["postMessage"]>() });

function setup(api: Partial<LinkApi>, parent: ReturnType<typeof parentWindow> | null = parentWindow()) {
  const navigate = vi.fn();
  const flow = createFlow({ api: fakeApi(api), parent, navigate });
  const posted = () => (parent?.postMessage.mock.calls ?? []).map(([message]) => message as LinkEvent);
  return { flow, navigate, parent, posted };
}

/** Starts the session and agrees on the consent screen, as a user connecting does. */
async function open(flow: Flow, request: CreateLinkSessionRequest = {}) {
  await flow.start(request);
  flow.acceptConsent();
}

describe("createFlow", () => {
  it("opens a new connection on the consent screen, posting OPEN to the redirect origin only", async () => {
    const { flow, parent } = setup({ createSession: async () => session() });
    await flow.start({ id: "r" });
    expect(flow.getState().view).toEqual({ screen: "CONSENT" });
    expect(parent?.postMessage).toHaveBeenCalledExactlyOnceWith(
      { source: "finlink-link", version: 1, type: "OPEN", screen: "CONSENT", operation: "CONNECT", entity: null },
      APP_ORIGIN,
    );
    // Nothing gets past it but Continue.
    flow.selectEntity(bank);
    expect(flow.getState().view).toEqual({ screen: "CONSENT" });
    flow.acceptConsent();
    expect(flow.getState().view).toEqual({ screen: "ENTITY" });
    flow.acceptConsent();
    expect(flow.getState().view).toEqual({ screen: "ENTITY" });
  });

  it("goes from the consent to the credentials when the session fixes the entity", async () => {
    const { flow } = setup({ createSession: async () => session({ entity: bank }) });
    await flow.start({ id: "r", entity: "sandbox_bank" });
    expect(flow.getState().view).toEqual({ screen: "CONSENT" });
    flow.acceptConsent();
    expect(flow.getState().view).toMatchObject({ screen: "CREDENTIALS", entity: bank });
  });

  it("asks no consent again on an update or a restore: the credentials come first", async () => {
    const { flow, posted } = setup({
      createSession: async () => session({ operation: "UPDATE", entity: bank, fixedUsername: "user_good" }),
    });
    await flow.start({ update_token: "upd" });
    expect(flow.getState().view).toMatchObject({ screen: "CREDENTIALS", entity: bank });
    expect(posted()).toEqual([
      { source: "finlink-link", version: 1, type: "OPEN", screen: "CREDENTIALS", operation: "UPDATE", entity: bank.id },
    ]);
    flow.acceptConsent();
    expect(flow.getState().view).toMatchObject({ screen: "CREDENTIALS" });
  });

  it("exits from the consent screen, naming it, with the sign-in still at ENTITY", async () => {
    const exit = vi.fn(async () => ({ redirectUrl: `${APP_ORIGIN}/link/callback?error=USER_EXIT` }));
    const { flow, navigate, posted } = setup({ createSession: async () => session(), exit });
    await flow.start({ id: "r" });
    await flow.exit();
    expect(exit).toHaveBeenCalledWith({ reason: "USER_EXIT", screen: "CONSENT" });
    expect(posted().at(-1)).toEqual({
      source: "finlink-link",
      version: 1,
      type: "EXIT",
      reason: "USER_EXIT",
      status: "ENTITY",
      screen: "CONSENT",
      entity: null,
      requestId: "req-last",
    });
    expect(navigate).toHaveBeenCalledWith(`${APP_ORIGIN}/link/callback?error=USER_EXIT`);
  });

  it("shows a start error and posts nothing without a session", async () => {
    const { flow, parent } = setup({ createSession: () => Promise.reject(problem(404, "UNKNOWN_REDIRECT")) });
    await flow.start({ id: "r" });
    expect(flow.getState().view).toMatchObject({ screen: "START_ERROR", error: { reason: "UNKNOWN_REDIRECT" } });
    expect(parent?.postMessage).not.toHaveBeenCalled();
  });

  it("goes entity → credentials → MFA → connecting → success → the app, telling the parent", async () => {
    const { flow, navigate, posted } = setup({
      createSession: async () => session(),
      submitCredentials: async () => ({ step: "MFA", challenge: otpChallenge() }),
      answerChallenge: async () => ({ step: "AUTHENTICATED" }),
      finish: async () => ({ redirectUrl: REDIRECT, operation: "CONNECT", entity: bank.id, publicToken: "pt" }),
    });
    await open(flow, { id: "r" });
    flow.selectEntity(bank);
    await flow.submitCredentials({ username: "user_otp", password: "pass_good" });
    expect(flow.getState().view).toMatchObject({ screen: "MFA", challenge: { type: "OTP" } });
    await flow.answer({ type: "OTP", code: "123456" });
    expect(flow.getState().view).toMatchObject({ screen: "SUCCESS", redirectUrl: REDIRECT });
    flow.handoff();
    flow.handoff();

    expect(navigate).toHaveBeenCalledExactlyOnceWith(REDIRECT);
    expect(posted().map((m) => m.type)).toEqual([
      "OPEN",
      "SELECT_ENTITY",
      "SUBMIT_CREDENTIALS",
      "SUBMIT_MFA",
      "HANDOFF",
    ]);
    expect(posted()[3]).toMatchObject({ entity: "sandbox_bank", challengeType: "OTP" });
  });

  it("keeps the code screen through a resend, marking when the code was sent again", async () => {
    const { flow } = setup({
      createSession: async () => session(),
      submitCredentials: async () => ({ step: "MFA", challenge: otpChallenge() }),
      answerChallenge: async () => ({ step: "MFA", challenge: otpChallenge({ id: "ch_2" }) }),
    });
    await open(flow, { id: "r" });
    flow.selectEntity(bank);
    await flow.submitCredentials({ username: "user_otp", password: "pass_good" });
    const before = Date.now();
    await flow.answer({ type: "RESEND" });
    const { view } = flow.getState();
    expect(view).toMatchObject({ screen: "MFA", challenge: { id: "ch_2" }, resent: { screen: "ch_1" } });
    expect(view.screen === "MFA" && view.resent?.at).toBeGreaterThanOrEqual(before);
    await flow.answer({ type: "SWITCH", method: "APP" });
    expect(flow.getState().view).not.toHaveProperty("resent");
  });

  it("does not report APP polls as submitted answers", async () => {
    const challenge = { id: "ch_app", type: "APP" as const, expiresAt: "2030-01-01T00:02:00.000Z" };
    const { flow, posted } = setup({
      createSession: async () => session({ entity: bank }),
      submitCredentials: async () => ({ step: "MFA", challenge }),
      answerChallenge: async () => ({ step: "MFA", challenge }),
    });
    await open(flow);
    await flow.submitCredentials({ username: "user_app", password: "pass_good" });
    const waiting = flow.getState().view;
    await flow.answer({ type: "POLL" });
    expect(flow.getState().view).toBe(waiting);
    expect(posted().map((m) => m.type)).toEqual(["OPEN", "SUBMIT_CREDENTIALS"]);
  });

  it("posts ERROR with the failing call's request id", async () => {
    const wrong = problem(401, "INVALID_CREDENTIALS", { remainingAttempts: 4, requestId: "req-9", retryable: true });
    const { flow, posted } = setup({
      createSession: async () => session({ entity: bank }),
      submitCredentials: () => Promise.reject(wrong),
    });
    await open(flow);
    await flow.submitCredentials({ username: "user_good", password: "nope" });
    expect(posted().at(-1)).toEqual({
      source: "finlink-link",
      version: 1,
      type: "ERROR",
      screen: "CREDENTIALS",
      entity: "sandbox_bank",
      reason: "INVALID_CREDENTIALS",
      retryable: true,
      requestId: "req-9",
    });
    expect(flow.getState()).toMatchObject({ busy: false, view: { screen: "CREDENTIALS", error: wrong } });
  });

  it("exits: tells the server the screen, posts EXIT with the step, then leaves for the app", async () => {
    const exit = vi.fn(async () => ({ redirectUrl: `${APP_ORIGIN}/link/callback?error=USER_EXIT` }));
    const { flow, navigate, posted } = setup({ createSession: async () => session({ entity: bank }), exit });
    await open(flow);
    await flow.exit();
    expect(exit).toHaveBeenCalledWith({ reason: "USER_EXIT", screen: "CREDENTIALS" });
    expect(posted().at(-1)).toMatchObject({
      type: "EXIT",
      reason: "USER_EXIT",
      status: "CREDENTIALS",
      screen: "CREDENTIALS",
      entity: "sandbox_bank",
      requestId: "req-last",
    });
    expect(navigate).toHaveBeenCalledWith(`${APP_ORIGIN}/link/callback?error=USER_EXIT`);
  });

  it("never navigates anywhere but the app's own origin", async () => {
    const { flow, navigate } = setup({
      createSession: async () => session(),
      exit: async () => ({ redirectUrl: "https://evil.example/steal" }),
    });
    await open(flow);
    await flow.exit();
    expect(navigate).not.toHaveBeenCalled();
    expect(flow.getState().view).toMatchObject({ screen: "ERROR", error: { reason: "INVALID_REDIRECT" } });
  });

  describe("an exit racing the finish", () => {
    const challenge = { id: "ch_app", type: "APP" as const, expiresAt: "2030-01-01T00:02:00.000Z" };
    const deferred = <T>() => {
      let resolve!: (value: T) => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<T>((yes, no) => {
        resolve = yes;
        reject = no;
      });
      return { promise, resolve, reject };
    };

    it("keeps SUCCESS and the publicToken when the server finished first and refuses the exit", async () => {
      const poll = deferred<LinkSignInResponse>();
      const exit = deferred<{ redirectUrl: string }>();
      const { flow, navigate, posted } = setup({
        createSession: async () => session({ entity: bank }),
        submitCredentials: async () => ({ step: "MFA", challenge }),
        answerChallenge: () => poll.promise,
        finish: async () => ({ redirectUrl: REDIRECT, operation: "CONNECT", entity: bank.id, publicToken: "pt" }),
        exit: () => exit.promise,
      });
      await open(flow);
      await flow.submitCredentials({ username: "user_app", password: "pass_good" });

      const polled = flow.answer({ type: "POLL" }); // in flight when the user confirms the exit
      const exiting = flow.exit();
      poll.resolve({ step: "AUTHENTICATED" });
      await polled;
      expect(flow.getState().view).toMatchObject({ screen: "SUCCESS", redirectUrl: REDIRECT });

      exit.reject(problem(409, "SESSION_DONE", { retryable: false }));
      await exiting;
      expect(flow.getState()).toMatchObject({ exiting: false, view: { screen: "SUCCESS", redirectUrl: REDIRECT } });
      expect(posted().map((m) => m.type)).toEqual(["OPEN", "SUBMIT_CREDENTIALS"]);

      flow.handoff();
      expect(navigate).toHaveBeenCalledExactlyOnceWith(REDIRECT);
    });

    it("keeps CONNECTING when the refusal arrives before the finish answers", async () => {
      const poll = deferred<LinkSignInResponse>();
      const finish = deferred<Awaited<ReturnType<LinkApi["finish"]>>>();
      const { flow } = setup({
        createSession: async () => session({ entity: bank }),
        submitCredentials: async () => ({ step: "MFA", challenge }),
        answerChallenge: () => poll.promise,
        finish: () => finish.promise,
        exit: () => Promise.reject(problem(409, "SESSION_DONE", { retryable: false })),
      });
      await open(flow);
      await flow.submitCredentials({ username: "user_app", password: "pass_good" });
      const polled = flow.answer({ type: "POLL" });
      poll.resolve({ step: "AUTHENTICATED" });
      await vi.waitFor(() => expect(flow.getState().view.screen).toBe("CONNECTING"));
      await flow.exit();
      expect(flow.getState()).toMatchObject({ exiting: false, view: { screen: "CONNECTING" } });

      finish.resolve({ redirectUrl: REDIRECT, operation: "CONNECT", entity: bank.id, publicToken: "pt" });
      await polled;
      expect(flow.getState().view).toMatchObject({ screen: "SUCCESS", redirectUrl: REDIRECT });
    });

    it("sends no APP poll while the exit call is in flight", async () => {
      const answerChallenge = vi.fn(async () => ({ step: "AUTHENTICATED" as const }));
      const { flow } = setup({
        createSession: async () => session({ entity: bank }),
        submitCredentials: async () => ({ step: "MFA", challenge }),
        answerChallenge,
        exit: () => new Promise(() => {}),
      });
      await open(flow);
      await flow.submitCredentials({ username: "user_app", password: "pass_good" });
      void flow.exit();
      await flow.answer({ type: "POLL" });
      expect(answerChallenge).not.toHaveBeenCalled();
      expect(flow.getState().view).toMatchObject({ screen: "MFA" });
    });
  });

  it("keeps quiet when Link is the whole page", async () => {
    const { flow } = setup({ createSession: async () => session() }, null);
    await expect(flow.start({})).resolves.toBeUndefined();
    expect(flow.getState().view).toEqual({ screen: "CONSENT" });
  });
});
