import { type LinkEvent, type LinkOperation, type LinkScreen, type LinkStep, parseLinkEvent } from "@finlink/contracts";
import { type LinkCallbackResult, parseLinkCallbackResult } from "./callback-result";
import { createLinkDialog } from "./dialog/link-dialog";
import { type LinkLang, labelsFor } from "./labels";
import { FinlinkLinkError } from "./link-url";

type WithoutMarker<R> = R extends unknown ? Omit<R, "source" | "version" | "type"> : never;
/** `onSuccess`: `{publicToken, operation: "CONNECT", …}`, or `{token, operation: "UPDATE", …}` (no new publicToken). */
export type LinkSuccess = WithoutMarker<Extract<LinkCallbackResult, { type: "SUCCESS" }>>;

/** `onExit`: why the flow ended without a connection, and what Link told us of where the user stood. */
export interface LinkExit {
  /** `USER_EXIT` (Link's exit, Escape, the close button), Link's error reason (`ACCOUNT_LOCKED`, …), or a FinlinkLinkError reason. */
  reason: string;
  operation: LinkOperation | null;
  state: string | null;
  entity: string | null;
  status: LinkStep | null;
  screen: LinkScreen | null;
  /** X-Request-ID of Link's last API call, for support. */
  requestId: string | null;
}

export function bareExit(reason: string, state: string | null): LinkExit {
  return { reason, operation: null, state, entity: null, status: null, screen: null, requestId: null };
}

export interface LinkFrameHandlers {
  onReady(): void;
  onError(error: FinlinkLinkError): void;
  onEvent(event: LinkEvent): void;
  onSuccess(result: LinkSuccess): void;
  onExit(exit: LinkExit): void;
}

export interface LinkFrameOptions {
  url: URL;
  lang: LinkLang;
  nonce?: string;
  /** The state the app started the flow with, if it knows it: reported by exits that Link did not report. */
  state: string | null;
  loadTimeoutMs: number;
}

export interface LinkFrame {
  isReady(): boolean;
  show(): void;
  /** Ends a shown flow as an exit (the close button, Escape, `close()`); nothing when not shown. */
  exit(): void;
  setLang(lang: LinkLang): void;
  /** Removes everything without calling back (unmount, a new url). */
  destroy(): void;
}

/**
 * After Link's EXIT event the callback page brings the authoritative result; if it never comes (the app's
 * callback page does not call completeLinkCallback), the event alone ends the flow after this long.
 */
export const EXIT_FALLBACK_MS = 8000;

/**
 * One Link flow in a preloaded, hidden modal iframe. Ends once — success, exit or failure — and then removes
 * its iframe. Messages count only from the iframe's own window: Link's events from Link's exact origin, the
 * callback result from this page's exact origin (the callback page is the app's), each only if it parses.
 */
export function createLinkFrame(options: LinkFrameOptions, handlers: LinkFrameHandlers): LinkFrame {
  const win = window;
  const linkOrigin = options.url.origin;
  let ready = false;
  let ended = false;
  /** Link opened a session (its OPEN event): only then can a callback page follow an EXIT. */
  let opened = false;
  const known: Omit<LinkExit, "reason" | "state"> = { ...bareExit("", null) };
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const dialog = createLinkDialog({
    doc: win.document,
    src: options.url.href,
    lang: options.lang,
    labels: labelsFor(options.lang),
    nonce: options.nonce,
    onClose: () => exitFlow(),
    onLoad() {
      if (ready || ended) return;
      ready = true;
      clearTimers();
      handlers.onReady();
    },
    onLoadError: () => fail(new FinlinkLinkError("FRAME_LOAD_FAILED", "Link's frame failed to load")),
  });
  after(options.loadTimeoutMs, () => {
    if (!ready) fail(new FinlinkLinkError("FRAME_TIMEOUT", `Link did not load in ${options.loadTimeoutMs} ms`));
  });

  function after(ms: number, run: () => void) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  }
  function clearTimers() {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  }
  function teardown() {
    ended = true;
    clearTimers();
    win.removeEventListener("message", onMessage);
    dialog.destroy();
  }
  /** Ends the flow once: everything is removed (and focus returned) before the app hears of it. */
  function end(report: () => void) {
    if (ended) return;
    teardown();
    report();
  }
  function fail(error: FinlinkLinkError) {
    end(() => handlers.onError(error));
  }
  function exitFlow(reason = "USER_EXIT", state = options.state) {
    end(() => handlers.onExit({ ...known, reason, state }));
  }

  function onLinkEvent(event: LinkEvent) {
    if ("entity" in event) known.entity = event.entity;
    if ("screen" in event) known.screen = event.screen;
    if ("operation" in event) known.operation = event.operation;
    if (event.type === "EXIT" || event.type === "ERROR") known.requestId = event.requestId;
    if (event.type === "EXIT") known.status = event.status;
    if (event.type === "OPEN") opened = true;
    handlers.onEvent(event);
    if (event.type !== "EXIT") return;
    // Before a session (a start that failed) no callback page can come: the flow ends now.
    if (!opened) return exitFlow(event.reason);
    after(EXIT_FALLBACK_MS, () => exitFlow(event.reason));
  }
  function onResult(result: LinkCallbackResult) {
    if (result.type === "EXIT") {
      return exitFlow(result.reason, result.state ?? options.state);
    }
    const { source, version, type, ...success } = result;
    end(() => handlers.onSuccess(success));
  }
  function onMessage(message: MessageEvent) {
    // Anyone can post a marker: only the iframe's own window counts. It is null until the iframe is in the
    // page, and a message with no source must not match that.
    const frameWindow = dialog.iframe.contentWindow;
    if (frameWindow === null || message.source !== frameWindow) return;
    if (message.origin === linkOrigin) {
      const event = parseLinkEvent(message.data);
      if (event) return onLinkEvent(event);
    }
    if (message.origin === win.location.origin) {
      const result = parseLinkCallbackResult(message.data);
      if (result) onResult(result);
    }
  }
  win.addEventListener("message", onMessage);

  return {
    isReady: () => ready && !ended,
    show: () => dialog.show(),
    exit() {
      if (dialog.shown) exitFlow();
    },
    setLang: (lang) => dialog.setLanguage(lang, labelsFor(lang)),
    destroy() {
      if (!ended) teardown();
    },
  };
}
