import type { LINK_EVENT_SOURCE, LINK_EVENT_VERSION, LinkEvent } from "@finlink/contracts";

// Values typed against the contract's constants (imported as types only: no zod in the widget's bundle).
const SOURCE: typeof LINK_EVENT_SOURCE = "finlink-link";
const VERSION: typeof LINK_EVENT_VERSION = 1;

type WithoutMarker<E> = E extends LinkEvent ? Omit<E, "source" | "version"> : never;
/** A Link event before the marker is added. */
export type LinkEventInput = WithoutMarker<LinkEvent>;

/** The part of a window Link posts to (injectable in tests). */
export interface MessageTarget {
  postMessage(message: unknown, targetOrigin: string): void;
}

export interface LinkEvents {
  post(event: LinkEventInput): void;
}

/** Before a session exists Link knows no origin it may talk to, so it says nothing. */
export const silentEvents: LinkEvents = { post() {} };

/**
 * Posts Link events to the window that framed Link, only ever to `origin` — the redirect URI's origin —
 * so no other page that framed or opened Link can read them. Never "*".
 *
 * Link listens to no incoming messages: nothing a parent could send changes what it does.
 * @example linkEvents(parentWindow(), "https://app.example").post({ type: "SELECT_ENTITY", entity: "sandbox_bank" })
 */
export function linkEvents(target: MessageTarget | null, origin: string): LinkEvents {
  if (!target || !origin || origin === "*") return silentEvents;
  return {
    post(event) {
      const message = { source: SOURCE, version: VERSION, ...event } as LinkEvent;
      target.postMessage(message, origin);
    },
  };
}

/** The framing window, or null when Link is the whole page (opened by a redirect). */
export function parentWindow(self: Window = window): MessageTarget | null {
  return self.parent && self.parent !== self ? self.parent : null;
}

/**
 * The origin of the page framing Link, as the browser reports it, for the one case with no session to name the
 * app's origin: a start that failed. Safe to post to: the page's CSP lets only the app's registered origins frame
 * it, and the browser delivers a message only if the frame's parent really is at this origin. Chrome reports
 * `ancestorOrigins`; elsewhere the referrer's origin (absent under a no-referrer policy: then Link stays silent).
 */
export function framingOrigin(self: Window = window): string | null {
  if (!parentWindow(self)) return null;
  const ancestor = self.location.ancestorOrigins?.[0];
  if (ancestor && ancestor !== "null") return ancestor;
  try {
    const origin = new URL(self.document.referrer).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}
