import { type LinkApiError, NETWORK_ERROR } from "../../api/link-api-error";
import type { Messages } from "../../i18n/i18n";

export interface ErrorContext {
  /** Before a session exists every failure is about the link that opened the page. */
  phase: "start" | "session";
  entityName: string | null;
  appName: string | null;
}

/** The picture beside the words: a lock (the bank or security stopped it), a clock (time ran out), a warning. */
export type ErrorIcon = "lock" | "clock" | "warning";

export interface ErrorCopy {
  title: string;
  body: string;
  icon: ErrorIcon;
}

/**
 * The title, explanation (what happened, then what to do) and icon of an error screen, by the API's `reason`.
 * @example errorCopy(en, lockedError, { phase: "session", entityName, appName }).title // "Your account is locked"
 */
export function errorCopy(t: Messages, error: LinkApiError, context: ErrorContext): ErrorCopy {
  const app = context.appName ?? t.error.theApp;
  switch (error.reason) {
    case "ACCOUNT_LOCKED":
      return { ...t.error.locked, icon: "lock" };
    case "TOO_MANY_ATTEMPTS":
      return { title: t.error.tooMany.title, body: t.error.tooMany.body(app), icon: "lock" };
    case "ENTITY_UNAVAILABLE":
      return {
        title: t.error.unavailable.title(context.entityName ?? t.error.someBank),
        body: t.error.unavailable.body,
        icon: "warning",
      };
    case "MFA_TIMEOUT":
      return { ...t.error.timeout, icon: "clock" };
    case "SESSION_EXPIRED":
    case "INVALID_START_TOKEN":
      return { title: t.error.expired.title, body: t.error.expired.body(app), icon: "clock" };
    case "USER_ACTION_REQUIRED":
      return { ...t.error.actionRequired, icon: "warning" };
    // Retryable, but not a network fault: the server counted too many openings from this address.
    case "SESSIONS_THROTTLED":
      return {
        title: t.error.busy.title,
        body: t.error.busy.body(error.retryAfter ? Math.ceil(error.retryAfter / 60) : null),
        icon: "clock",
      };
  }
  // A start that got no answer, or a server fault, is not the link's fault: it may work on a retry.
  if (context.phase === "start") {
    if (error.retryable) return { ...t.error.unreachable, icon: "warning" };
    return { title: t.error.invalid.title, body: t.error.invalid.body(app), icon: "warning" };
  }
  const body = error.reason === NETWORK_ERROR ? t.error.network : t.error.generic.body;
  return { title: t.error.generic.title, body, icon: "warning" };
}
