import { type LinkApiError, NETWORK_ERROR } from "../api/link-api-error";
import type { Messages } from "../i18n/i18n";

/**
 * What to say about an error shown inside a form: the screen's own words for the reasons it expects,
 * otherwise a network or a generic message (the server's `detail` is English-only).
 */
export function errorText(
  t: Messages,
  error: LinkApiError | null,
  known: Partial<Record<string, string>> = {},
): string | null {
  if (!error) return null;
  return known[error.reason] ?? (error.reason === NETWORK_ERROR ? t.error.network : t.error.generic.body);
}
