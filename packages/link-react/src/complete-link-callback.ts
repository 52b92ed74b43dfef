import { callbackResultFromQuery, type LinkCallbackResult } from "./callback-result";

/** The part of `window` the callback page uses (injectable in tests). */
export interface CallbackWindow {
  location: { search: string; origin: string };
  parent: { postMessage(message: unknown, targetOrigin: string): void } | null;
}

export type LinkCallbackCompletion =
  /** The page is inside the modal's iframe: the result went to the parent window, which closes the modal. */
  | { mode: "iframe" }
  /** The page is the whole window (full-page flow): finish the flow here with `result`. */
  | { mode: "page"; result: LinkCallbackResult };

/**
 * For the app's registered redirect page (`/link/callback`). Inside the modal's iframe it posts the result
 * to the parent window — only to this page's own origin, which is the app that opened the modal — and the
 * parent does the exchange; on a full page it returns the result for this page to finish the flow.
 * @example
 * const done = completeLinkCallback();
 * if (done.mode === "page" && done.result.type === "SUCCESS") exchange(done.result);
 */
export function completeLinkCallback(win: CallbackWindow = window): LinkCallbackCompletion {
  const result = callbackResultFromQuery(win.location.search);
  if (win.parent && win.parent !== (win as unknown)) {
    win.parent.postMessage(result, win.location.origin);
    return { mode: "iframe" };
  }
  return { mode: "page", result };
}
