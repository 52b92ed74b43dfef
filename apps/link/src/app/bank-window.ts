import { RETURN_PATH } from "./return-path";

/** The return page → the window that opened the bank's page: `{ type, url }`. */
export const RETURN_MESSAGE = "finlink:redirect-return";
/** That window's answer: it took the URL, so the return page may close. */
export const RETURN_ACK = "finlink:redirect-ack";
/** How long the return page waits for that answer before completing the sign-in itself. */
export const ACK_TIMEOUT_MS = 2_000;
const BANK_WINDOW = "finlink-bank";

/** The browser as the redirect sign-in uses it (a fake in tests). */
export interface BankWindowHost {
  /** Link is inside another page's iframe. */
  framed: boolean;
  /** Link's own origin: the only one its return page posts from. */
  origin: string;
  /** `window.open` of the bank's page in a popup; null when the browser blocked it. */
  open(url: string): Window | null;
  /** The top page to `url`; throws when the browser refuses (a sandboxed frame, no user activation). */
  navigateTop(url: string): void;
  /** This page to `url`. */
  assign(url: string): void;
  listen(listener: (event: MessageEvent) => void): () => void;
  /** The return page: whether the window that opened the bank's page took the URL. */
  handBack(url: string): Promise<boolean>;
  close(): void;
}

/**
 * The return URL a message carries, if it has exactly the return page's shape and names our return page.
 * @example returnUrlOf({ type: RETURN_MESSAGE, url: "https://fl.example/link/return?code=…" }, "https://fl.example")
 */
export function returnUrlOf(data: unknown, origin: string): string | null {
  if (typeof data !== "object" || data === null) return null;
  const { type, url } = data as { type?: unknown; url?: unknown };
  if (type !== RETURN_MESSAGE || typeof url !== "string" || url.length > 4000) return null;
  try {
    const parsed = new URL(url);
    return parsed.origin === origin && parsed.pathname === RETURN_PATH ? url : null;
  } catch {
    return null;
  }
}

/**
 * On the return page: posts the URL to the window that opened the bank's page, when it is Link's own origin,
 * and waits for its answer. No opener (a full-page redirect, a new tab, COOP), another origin's (an app that
 * opened Link as a popup) or no answer (Link in that window was reloaded): false, and this page completes itself.
 */
export function handBackToOpener(self: Window, url: string, timeoutMs = ACK_TIMEOUT_MS): Promise<boolean> {
  const origin = self.location.origin;
  let opener: Window | null;
  try {
    opener = self.opener;
    // Reading another origin's location throws: that opener is not Link.
    if (!opener || opener === self || opener.location.origin !== origin) return Promise.resolve(false);
  } catch {
    return Promise.resolve(false);
  }
  const target = opener;
  return new Promise((resolve) => {
    const finish = (taken: boolean) => {
      self.removeEventListener("message", onMessage);
      clearTimeout(timer);
      resolve(taken);
    };
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { type?: unknown } | null;
      if (event.origin === origin && event.source === target && data?.type === RETURN_ACK) finish(true);
    };
    self.addEventListener("message", onMessage);
    const timer = setTimeout(() => finish(false), timeoutMs);
    try {
      target.postMessage({ type: RETURN_MESSAGE, url }, origin);
    } catch {
      finish(false);
    }
  });
}

/** A popup about the size of a phone, centred on the window it opens from. */
function popupFeatures(self: Window): string {
  const width = 480;
  const height = 720;
  const left = Math.max(0, Math.round(self.screenX + (self.outerWidth - width) / 2));
  const top = Math.max(0, Math.round(self.screenY + (self.outerHeight - height) / 2));
  return `popup,width=${width},height=${height},left=${left},top=${top}`;
}

/** The real browser window. Not `noopener`: the return page needs `window.opener` to hand the URL back. */
export function browserHost(self: Window = window): BankWindowHost {
  return {
    framed: self.top !== self,
    origin: self.location.origin,
    open: (url) => self.open(url, BANK_WINDOW, popupFeatures(self)),
    navigateTop(url) {
      if (!self.top) throw new Error("no top window");
      self.top.location.href = url;
    },
    assign: (url) => self.location.assign(url),
    listen(listener) {
      self.addEventListener("message", listener);
      return () => self.removeEventListener("message", listener);
    },
    handBack: (url) => handBackToOpener(self, url),
    close: () => self.close(),
  };
}
