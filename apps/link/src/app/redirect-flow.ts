import type { LinkEntity } from "@finlink/contracts";
import type { CompletedRedirect, LinkApi, LinkSessionInfo } from "../api/link-api";
import { LinkApiError } from "../api/link-api-error";
import type { LinkEvents } from "../post-message/link-events";
import { type BankWindowHost, browserHost, RETURN_ACK, returnUrlOf } from "./bank-window";
import type { FlowState, RedirectView, ReturnStage } from "./flow-state";

/** How often a window waiting on the bank asks whether the session moved on without it. */
export const SESSION_POLL_MS = 2_000;
/** An authorize URL this close to its expiry is fetched again rather than opened. */
const EXPIRY_MARGIN_MS = 10_000;

/** What the redirect sign-in needs from the flow around it. */
export interface RedirectContext {
  api: LinkApi;
  /** The real window unless a test gives a fake. */
  host?: BankWindowHost;
  getState(): FlowState;
  set(next: Partial<FlowState>): void;
  events(): LinkEvents;
  /** The flow's error handling: the error screen (an expired session, say). */
  fail(error: unknown): void;
  /** Signed in: finish → CONNECTING → SUCCESS. */
  connect(entity: LinkEntity): Promise<void>;
  /** The session a completion answered with (the same one, or a new tab's): events go to its origin from then on. */
  resumed(session: LinkSessionInfo): void;
}

type Stage = RedirectView["stage"];

/**
 * Sign-in on the bank's own page (redirect SCA). The bank's address is fetched as soon as the screen shows, so
 * the user's click opens it synchronously: a popup from an iframe (the bank page is never framed), the whole
 * page otherwise, and the top page when the popup is blocked. The bank sends the user back to Link's return
 * page, which hands the URL to the window that opened the popup (`finlink:redirect-return`, checked here for
 * origin, source and shape) or completes the sign-in itself (a full page, a new tab, a popup whose opener is gone).
 */
export type RedirectActions = ReturnType<typeof redirectActions>;

export function redirectActions(ctx: RedirectContext) {
  const { api } = ctx;
  const host = ctx.host ?? browserHost();
  let popup: Window | null = null;
  let urlExpiresAt = 0;
  /** Bumped by every fetch and every wait: an answer for an earlier one is dropped. */
  let generation = 0;
  let unlisten: (() => void) | null = null;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;

  const redirectView = (): RedirectView | null => {
    const { view } = ctx.getState();
    return view.screen === "REDIRECT" ? view : null;
  };
  const show = (entity: LinkEntity, stage: Stage, authorizeUrl: string | null, error: LinkApiError | null = null) =>
    ctx.set({ view: { screen: "REDIRECT", entity, stage, authorizeUrl, error }, busy: false });
  const showReturn = (stage: ReturnStage, error: LinkApiError | null = null) =>
    ctx.set({ view: { screen: "RETURN", stage, error } });

  function stopWaiting() {
    generation += 1;
    clearTimeout(pollTimer);
    unlisten?.();
    unlisten = null;
  }

  /** Fetches the bank's address for `entity`; `error` says why the previous attempt needs another. */
  async function prepare(entity: LinkEntity, error: LinkApiError | null = null) {
    stopWaiting();
    const mine = generation;
    show(entity, "PREPARING", null, error);
    try {
      const { authorizeUrl, expiresAt } = await api.startRedirect(entity.id);
      if (mine !== generation || redirectView()?.entity.id !== entity.id) return;
      urlExpiresAt = Date.parse(expiresAt);
      show(entity, "READY", authorizeUrl, error);
    } catch (failure) {
      if (mine !== generation || redirectView()?.entity.id !== entity.id) return;
      const problem = LinkApiError.from(failure);
      if (problem.reason === "SESSION_EXPIRED") return ctx.fail(problem);
      show(entity, "PREPARING", null, problem);
    }
  }

  /** Tells the flow what the bank answered: signed in, another factor, or a refusal (exits as USER_DENIED). */
  function settle(done: CompletedRedirect, fallback: LinkEntity | null) {
    const { step: _step, result, ...session } = done;
    ctx.resumed(session);
    const entity = session.entity ?? fallback;
    if (result.step !== "DENIED") {
      // Signed in, the session names its entity; without one there is nothing to connect.
      if (!entity) return showReturn("UNKNOWN");
      if (result.step === "AUTHENTICATED") return ctx.connect(entity);
      return ctx.set({ view: { screen: "MFA", entity, challenge: result.challenge, error: null }, busy: false });
    }
    ctx.events().post({
      type: "ERROR",
      screen: "CREDENTIALS",
      entity: entity?.id ?? null,
      reason: "USER_DENIED",
      retryable: false,
      requestId: api.lastRequestId(),
    });
    // A refusal on a full page of a session that did not fix the entity: the server does not name the bank.
    if (!entity) return showReturn("DENIED");
    show(entity, "DENIED", null);
  }

  /** The popup came back with `url`: complete here, in the window that holds the session. */
  async function complete(entity: LinkEntity, url: string) {
    stopWaiting();
    show(entity, "COMPLETING", null);
    let done: CompletedRedirect;
    try {
      done = await api.completeRedirect(url);
    } catch (failure) {
      // Replaced, used or expired: a fresh address, with the reason on the screen.
      return prepare(entity, LinkApiError.from(failure));
    }
    settle(done, entity);
  }

  /** Another window completed (the token this one holds was rotated), or the session simply ran out. */
  function movedOn(entity: LinkEntity, failure: LinkApiError) {
    stopWaiting();
    const expired = Date.parse(ctx.getState().session?.expiresAt ?? "") <= Date.now();
    if (expired) return ctx.fail(failure);
    show(entity, "ELSEWHERE", null);
  }

  function poll(entity: LinkEntity, mine: number) {
    pollTimer = setTimeout(async () => {
      let failure: LinkApiError | null = null;
      let step: string | null = null;
      try {
        step = (await api.getSession()).step;
      } catch (error) {
        failure = LinkApiError.from(error);
      }
      if (mine !== generation) return;
      if (failure?.reason === "SESSION_EXPIRED") return movedOn(entity, failure);
      // Still where this window left it (or a passing network fault): keep waiting.
      if (failure || step === "ENTITY" || step === "CREDENTIALS") return poll(entity, mine);
      movedOn(entity, new LinkApiError({ status: 409, reason: "SESSION_MOVED_ON", retryable: false }));
    }, SESSION_POLL_MS);
  }

  /** Waits for the popup's message, and polls the session in case the message never comes (COOP, a lost opener). */
  function wait(entity: LinkEntity, authorizeUrl: string) {
    stopWaiting();
    const mine = generation;
    show(entity, "WAITING", authorizeUrl);
    unlisten = host.listen((event) => {
      if (mine !== generation) return;
      // Only our own return page, in the very window we opened, with the exact shape: anyone can post a message.
      if (event.origin !== host.origin || !popup || event.source !== popup) return;
      const url = returnUrlOf(event.data, host.origin);
      if (!url) return;
      popup.postMessage({ type: RETURN_ACK }, host.origin);
      void complete(entity, url);
    });
    poll(entity, mine);
  }

  /** Opens the bank's page. Called straight from the click: any await before `open` would lose the user activation. */
  function open(view: RedirectView, url: string) {
    if (Date.now() >= urlExpiresAt - EXPIRY_MARGIN_MS) return void prepare(view.entity);
    if (!host.framed) return host.assign(url);
    popup = host.open(url);
    if (popup) return wait(view.entity, url);
    // Blocked: the whole tab goes to the bank instead, still inside the click's activation.
    try {
      host.navigateTop(url);
    } catch {
      show(view.entity, "BLOCKED", url);
    }
  }

  /** Completes from the return page's URL (again, after a failure that may pass). */
  async function retryReturn(url: string) {
    // A reload after the query was stripped (or a bare visit): nothing left to complete.
    if (!new URL(url).searchParams.has("state")) return showReturn("UNKNOWN");
    showReturn("COMPLETING");
    let done: CompletedRedirect;
    try {
      done = await api.completeRedirect(url);
    } catch (failure) {
      const problem = LinkApiError.from(failure);
      return showReturn(problem.retryable ? "COMPLETING" : "UNKNOWN", problem);
    }
    settle(done, null);
  }

  /**
   * Link's return page: hands the URL to the window that opened the bank's page when that window answers,
   * else completes the sign-in itself and carries on as any session (MFA, connecting, the app's redirect).
   */
  async function returnFromBank(url: string) {
    if (await host.handBack(url)) {
      showReturn("CLOSING");
      return host.close();
    }
    await retryReturn(url);
  }

  return {
    /** Inside an iframe the bank's page opens in a popup (the screen says so before the click). */
    bankInPopup: () => host.framed,

    /** Fetches the bank's address for a `REDIRECT` entity, on entering its screen. */
    prepareRedirect: prepare,

    /** "Continue to <bank>". */
    openBank() {
      const view = redirectView();
      if (view?.stage !== "READY" || !view.authorizeUrl) return;
      ctx.events().post({ type: "SUBMIT_CREDENTIALS", entity: view.entity.id });
      open(view, view.authorizeUrl);
    },

    /**
     * "Open the bank's window again": the same window to the front; if the user closed it, a fresh address (the one
     * opened was single-use), opened by the next click.
     */
    reopenBank() {
      const view = redirectView();
      if (view?.stage !== "WAITING" || !view.authorizeUrl) return;
      if (popup && !popup.closed) return popup.focus();
      void prepare(view.entity);
    },

    /** The user opened the bank's page by hand (the BLOCKED link): wait for another window to complete. */
    openedByHand() {
      const view = redirectView();
      if (view?.stage !== "BLOCKED" || !view.authorizeUrl) return;
      popup = null;
      wait(view.entity, view.authorizeUrl);
    },

    returnFromBank,
    retryReturn,

    /** Leaving: stop waiting, and close the bank's window this one opened. */
    closeBank() {
      stopWaiting();
      if (popup && !popup.closed) popup.close();
      popup = null;
    },
  };
}
