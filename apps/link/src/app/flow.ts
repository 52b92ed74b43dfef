import type { ChallengeAnswer, CreateLinkSessionRequest, LinkEntity, LinkSignInResponse } from "@finlink/contracts";
import type { LinkApi, LinkSessionInfo } from "../api/link-api";
import { LinkApiError } from "../api/link-api-error";
import {
  framingOrigin as framingOriginOf,
  type LinkEvents,
  linkEvents,
  type MessageTarget,
  silentEvents,
} from "../post-message/link-events";
import type { BankWindowHost } from "./bank-window";
import {
  entityOf,
  exitReasonOf,
  type FlowState,
  type Resent,
  screenOf,
  signInView,
  stepOf,
  type View,
  viewAfterError,
} from "./flow-state";
import { lazyRedirect } from "./redirect-lazy";

export interface FlowDeps {
  api: LinkApi;
  /** The framing window, if any: the only window Link talks to. */
  parent: MessageTarget | null;
  /** Leaves Link: `location.assign`, the same inside an iframe and as a whole page. */
  navigate(url: string): void;
  /** The framing page's origin, for a start that failed (no session to name it): `framingOrigin()` by default. */
  framingOrigin?: () => string | null;
  /** The browser for sign-ins on the bank's own page (popups, top navigation); the real window by default. */
  host?: BankWindowHost;
}

/**
 * What one step back did: `moved` to the previous step, `stay`ed (nothing to go back to now: a call in flight,
 * the connection being made), `exit`ed the session (Back from the first step), or asks to `leave` Link by the
 * browser's own history (no session left to exit).
 */
export type BackResult = "moved" | "stay" | "exit" | "leave";

/** The screens Back returns to, in the order the user saw them; the current one last. */
const STEPS: ReadonlySet<View["screen"]> = new Set([
  "CONSENT",
  "ENTITY",
  "CREDENTIALS",
  "REDIRECT",
  "RETURN",
  "MFA",
  "ERROR",
]);
/** Steps Back passes over: the server has moved on from a challenge, and an error Back left is over. */
const PASSED_OVER: ReadonlySet<View["screen"]> = new Set(["MFA", "ERROR", "RETURN"]);
/** Errors after which the session can do nothing more: Back leaves Link. */
const ENDED = new Set(["SESSION_EXPIRED", "SESSION_DONE"]);

/** Where a sign-in on the bank's own page stands, on its screens (null on the others). */
const stageOf = (view: View) => (view.screen === "REDIRECT" || view.screen === "RETURN" ? view.stage : null);

export type Flow = ReturnType<typeof createFlow>;

/** Only the app's own redirect, and only over http(s), is a place to send the user (never `javascript:`). */
function isAppUrl(url: string, origin: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === "https:" || parsed.protocol === "http:") && parsed.origin === origin;
  } catch {
    return false;
  }
}

/** Where a session starts once the user agreed (or had nothing to agree to): the entity, unless it is fixed. */
const firstStep = (session: LinkSessionInfo): View =>
  session.entity ? signInView(session.entity) : { screen: "ENTITY" };

/**
 * Link's state machine: (CONSENT →) ENTITY → CREDENTIALS → MFA… → CONNECTING → SUCCESS, with errors and exit from
 * anywhere. Screens call its actions; it calls the API, posts events to the parent and navigates.
 */
export function createFlow(deps: FlowDeps) {
  const { api, parent, navigate, host } = deps;
  const framingOrigin = deps.framingOrigin ?? (() => framingOriginOf());
  let state: FlowState = { view: { screen: "LOADING" }, session: null, busy: false, exiting: false };
  let events: LinkEvents = silentEvents;
  let left = false;
  let trail: View["screen"][] = [];
  const listeners = new Set<() => void>();

  /** A step the user sees joins the trail; coming back to one seen before (another bank, a retry) cuts it there. */
  function track(view: View) {
    if (!STEPS.has(view.screen)) return;
    const seen = trail.indexOf(view.screen);
    trail = seen === -1 ? [...trail, view.screen] : trail.slice(0, seen + 1);
  }

  function set(next: Partial<FlowState>) {
    // Once navigation started, a late answer (an APP poll) must not redraw the page being left.
    if (left) return;
    if (next.view) track(next.view);
    state = { ...state, ...next };
    for (const listener of listeners) listener();
  }

  /** The view of an earlier step, drawn afresh (the credentials form empty, for the entity chosen). */
  function viewOf(screen: View["screen"]): View | null {
    const entity = entityOf(state.view) ?? state.session?.entity ?? null;
    if (screen === "CONSENT" || screen === "ENTITY") return { screen };
    // The sign-in afresh: Link's form, or the way to the bank's own page (its address fetched anew).
    if ((screen === "CREDENTIALS" || screen === "REDIRECT") && entity) return signInView(entity);
    return null;
  }

  /** Whether "Back to the app" can do anything after a failed start: a framing page that hears. */
  const canLeaveStart = () => parent !== null && framingOrigin() !== null;

  /** The start failed inside an iframe: the page that framed Link still hears why (Plaid's onExit with an error). */
  function startFailed(error: LinkApiError) {
    set({ view: { screen: "START_ERROR", error } });
    const origin = framingOrigin();
    if (!origin) return;
    events = linkEvents(parent, origin);
    events.post({
      type: "ERROR",
      screen: "ERROR",
      entity: null,
      reason: error.reason,
      retryable: error.retryable,
      requestId: error.requestId,
    });
  }

  function fail(failure: unknown, failedStep: "SIGN_IN" | "FINISH" = "SIGN_IN") {
    const error = LinkApiError.from(failure);
    const { view } = state;
    events.post({
      type: "ERROR",
      screen: screenOf(view),
      entity: entityOf(view)?.id ?? null,
      reason: error.reason,
      retryable: error.retryable,
      requestId: error.requestId,
    });
    set({ busy: false, exiting: false });
    show(viewAfterError(view, error, failedStep));
  }

  /** Shows `next`; the way to a bank's own page fetches the page's address at once, so the click can open it. */
  function show(next: View) {
    if (next.screen === "REDIRECT" && next.stage === "PREPARING") {
      return void redirect.prepareRedirect(next.entity, next.error);
    }
    set({ view: next });
  }

  function leave(url: string) {
    if (!state.session || !isAppUrl(url, state.session.redirectOrigin)) {
      return fail(new LinkApiError({ status: 0, reason: "INVALID_REDIRECT", retryable: false }));
    }
    left = true;
    navigate(url);
  }

  async function connect(entity: LinkEntity) {
    set({ view: { screen: "CONNECTING", entity }, busy: true });
    try {
      const { redirectUrl, operation } = await api.finish();
      set({ view: { screen: "SUCCESS", entity, redirectUrl, operation }, busy: false });
    } catch (error) {
      fail(error, "FINISH");
    }
  }

  /** Runs a sign-in call; `quiet` (APP polls) leaves the buttons alone; `resent` marks a code sent again. */
  async function signIn(entity: LinkEntity, call: () => Promise<LinkSignInResponse>, quiet = false, resent?: Resent) {
    if (!quiet) set({ busy: true });
    let result: LinkSignInResponse;
    try {
      result = await call();
    } catch (error) {
      return fail(error);
    }
    if (result.step === "AUTHENTICATED") return connect(entity);
    const { view } = state;
    // A poll answered "still waiting": same challenge, nothing to redraw.
    if (view.screen === "MFA" && view.challenge.id === result.challenge.id && quiet) return;
    const again = resent && result.challenge.type === "OTP" ? { resent } : {};
    set({ view: { screen: "MFA", entity, challenge: result.challenge, error: null, ...again }, busy: false });
  }

  /** Leaves without connecting: the server answers the redirect with `error=USER_EXIT` (or the screen's error). */
  async function exit() {
    // Not held back by a call in flight: a user waiting on a slow bank must be able to leave.
    const { view } = state;
    if (!state.session || state.exiting || left) return;
    set({ exiting: true });
    try {
      const reason = exitReasonOf(view);
      const { redirectUrl } = await api.exit({ reason, screen: screenOf(view) });
      events.post({
        type: "EXIT",
        reason,
        status: stepOf(view),
        screen: screenOf(view),
        entity: entityOf(view)?.id ?? null,
        requestId: api.lastRequestId(),
      });
      closeBank();
      leave(redirectUrl);
    } catch (error) {
      // The sign-in finished first (an APP approval answered while the dialog was open): the server
      // refuses the exit, but the connection exists. Never trade CONNECTING or SUCCESS for an error
      // screen: the publicToken must still reach the app.
      const { screen } = state.view;
      if (screen === "CONNECTING" || screen === "SUCCESS") return set({ exiting: false });
      fail(error);
    }
  }

  const redirect = lazyRedirect({
    api,
    host,
    getState: () => state,
    set,
    events: () => events,
    fail,
    connect,
    resumed(session) {
      events = linkEvents(parent, session.redirectOrigin);
      set({ session });
    },
  });
  const { prepareRedirect: _prepare, closeBank, ...redirectUserActions } = redirect;

  return {
    // Sign-in on the bank's own page: redirect-flow.ts.
    ...redirectUserActions,
    getState: () => state,

    /** Calls `listener` after every change; returns the unsubscribe. */
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Opens the session; a URL Link refused by itself (`refusal`: two starts in one) shows why, asking nothing. */
    async start(request: CreateLinkSessionRequest, refusal: LinkApiError | null = null) {
      if (refusal) return startFailed(refusal);
      set({ view: { screen: "LOADING" } });
      let session: FlowState["session"];
      try {
        session = await api.createSession(request);
      } catch (error) {
        return startFailed(LinkApiError.from(error));
      }
      events = linkEvents(parent, session.redirectOrigin);
      // A new connection asks first; an update or restore renews what the user already agreed to.
      const view: View = session.operation === "CONNECT" ? { screen: "CONSENT" } : firstStep(session);
      set({ session });
      show(view);
      events.post({
        type: "OPEN",
        screen: screenOf(view),
        operation: session.operation,
        entity: session.entity?.id ?? null,
      });
    },

    /** "Continue" on the consent screen. */
    acceptConsent() {
      if (state.view.screen !== "CONSENT" || !state.session) return;
      show(firstStep(state.session));
    },

    async searchEntities(query: string, signal?: AbortSignal): Promise<LinkEntity[]> {
      try {
        return await api.searchEntities(query, signal);
      } catch (error) {
        const failure = LinkApiError.from(error);
        if (failure.reason === "SESSION_EXPIRED") fail(failure);
        throw error;
      }
    },

    /**
     * Picks an entity. One its connector reports down is explained at once, as Plaid does with an institution
     * in an outage: no password typed for nothing, and "Choose another bank" right there. "Try again" still
     * leads to its sign-in form, since a status can be a minute stale.
     */
    selectEntity(entity: LinkEntity) {
      // Only from the search: never past the consent screen.
      if (state.view.screen !== "ENTITY") return;
      events.post({ type: "SELECT_ENTITY", entity: entity.id });
      if (entity.status !== "UNAVAILABLE") return show(signInView(entity));
      const error = new LinkApiError({ status: 0, reason: "ENTITY_UNAVAILABLE", retryable: true });
      events.post({
        type: "ERROR",
        screen: "ENTITY",
        entity: entity.id,
        reason: error.reason,
        retryable: true,
        requestId: null,
      });
      set({ view: { screen: "ERROR", entity, error, step: "ENTITY", retry: "CREDENTIALS" } });
    },

    /** Back to the search, when the session did not fix the entity. */
    changeEntity() {
      if (!state.session?.entity) set({ view: { screen: "ENTITY" } });
    },

    async submitCredentials(credentials: Record<string, string>) {
      const { view } = state;
      if (view.screen !== "CREDENTIALS" || state.busy) return;
      events.post({ type: "SUBMIT_CREDENTIALS", entity: view.entity.id });
      await signIn(view.entity, () => api.submitCredentials({ entity: view.entity.id, credentials }));
    },

    async answer(answer: ChallengeAnswer) {
      const { view } = state;
      if (view.screen !== "MFA" || state.busy) return;
      const poll = answer.type === "POLL";
      // No polls while the user is leaving: an approval arriving now would race the exit call.
      if (poll && state.exiting) return;
      if (!poll) events.post({ type: "SUBMIT_MFA", entity: view.entity.id, challengeType: view.challenge.type });
      const resent =
        answer.type === "RESEND" ? { at: Date.now(), screen: view.resent?.screen ?? view.challenge.id } : undefined;
      await signIn(view.entity, () => api.answerChallenge(view.challenge.id, answer), poll, resent);
    },

    /** "Try again" on an error screen. */
    async retry() {
      const { view } = state;
      if (view.screen !== "ERROR" || !view.entity) return;
      if (view.retry === "FINISH") await connect(view.entity);
      else if (view.retry === "CREDENTIALS") show(signInView(view.entity));
    },

    /** Success: tell the parent, then go to the app's redirect with the publicToken. */
    handoff() {
      const { view } = state;
      if (view.screen !== "SUCCESS" || left) return;
      events.post({ type: "HANDOFF", operation: view.operation, entity: view.entity.id });
      leave(view.redirectUrl);
    },

    /** How many steps Back can walk through (the browser keeps one history entry per step). */
    depth: () => trail.length,

    /**
     * One step back: the browser's Back, or the Back control. From the first step it exits as Exit does (the
     * EXIT event, then the app's redirect); while a call is in flight or the connection is being made it stays.
     */
    back(): BackResult {
      const { view, session } = state;
      if (left || state.exiting) return "stay";
      // No session (not opened yet, or a return the server no longer knows): nothing to exit, Back leaves Link.
      if (!session) return "leave";
      const stage = stageOf(view);
      if (state.busy || stage === "COMPLETING") return "stay";
      // Over, or another window holds the session now: nothing this page can exit either.
      if ((view.screen === "ERROR" && ENDED.has(view.error.reason)) || stage === "ELSEWHERE") return "leave";
      if (!STEPS.has(view.screen)) return "stay";
      // What nothing before it can mend (a locked account, too many attempts, a refusal at the bank): Back
      // leaves, naming it.
      const mendable =
        view.screen === "ERROR"
          ? view.retry !== null || view.error.reason === "ENTITY_UNAVAILABLE"
          : stage !== "DENIED";
      let earlier = mendable ? trail.slice(0, -1) : [];
      while (earlier.length > 0 && PASSED_OVER.has(earlier[earlier.length - 1] as View["screen"])) {
        earlier = earlier.slice(0, -1);
      }
      const previous = earlier.length > 0 ? viewOf(earlier[earlier.length - 1] as View["screen"]) : null;
      if (!previous) {
        void exit();
        return "exit";
      }
      // Leaving the way to the bank's page closes the bank's window, if one is open.
      if (view.screen === "REDIRECT") closeBank();
      show(previous);
      return "moved";
    },

    /**
     * "Back to the app" after a start that failed inside an iframe: tells the framing page, which closes its
     * modal (there is no session to exit, so no redirect). On a whole page the copy says where to go instead:
     * the page before Link need not be the app.
     */
    leaveStart() {
      const { view } = state;
      if (view.screen !== "START_ERROR" || !canLeaveStart()) return;
      events.post({
        type: "EXIT",
        reason: view.error.reason,
        status: "ENTITY",
        screen: "ERROR",
        entity: null,
        requestId: view.error.requestId,
      });
    },

    canLeaveStart,

    exit,
  };
}
