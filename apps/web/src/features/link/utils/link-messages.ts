import { LinkExitReason } from "@finlink/contracts";
import { isApiError, NETWORK_ERROR } from "../../../lib/api-error";
import type { Messages } from "../../../lib/i18n/en";

/**
 * What to tell the user when Link closed without a connection: nothing when they simply left
 * (`USER_EXIT`), else the error Link reported, in words (a reason newer than this app is named as it came).
 * @example exitMessage(en, "ACCOUNT_LOCKED") // "Your account at the bank is locked, so no connection was added. …"
 */
export function exitMessage(t: Messages, reason: string | null | undefined): string | null {
  if (!reason) return null;
  const known = LinkExitReason.safeParse(reason);
  if (!known.success) return t.link.exit.other(reason);
  return known.data === "USER_EXIT" ? null : t.link.exit[known.data];
}

/**
 * Why finishing a Link flow (exchange or complete) failed, for the callback page: the BFF refuses a
 * tampered, replayed or expired `state` with a 4xx, which to the user is a link that no longer works.
 */
export function finishErrorMessage(t: Messages, error: unknown): { title: string; body: string } {
  if (isApiError(error) && error.reason === NETWORK_ERROR)
    return { title: t.link.callback.failed, body: t.common.network };
  if (isApiError(error) && error.status === 401) return { title: t.link.callback.failed, body: t.common.signedOut };
  if (isApiError(error) && error.status >= 400 && error.status < 500) {
    return { title: t.link.callback.expired, body: t.link.callback.expiredBody };
  }
  return { title: t.link.callback.failed, body: t.common.failedBody };
}
