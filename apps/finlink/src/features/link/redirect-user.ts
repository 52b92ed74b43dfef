import { type Credentials, REDIRECT_USER_KEY } from "../../connectors/connector";
import { badRequest } from "../../lib/problem";
import type { Services } from "../../services";
import { readSealed, type SessionRow, sessionOperation } from "./link-session";

/**
 * An update or restore by redirect must come back as the connection's own user (`user` in the consent, when the
 * connector names one) — checked wherever the consent arrives: the completion's immediate ok, or the ok of a
 * second factor the bank asked after the redirect.
 */
export function checkRedirectUser(services: Services, session: SessionRow, credentials: Credentials): void {
  if (sessionOperation(session) !== "UPDATE") return;
  const fixed = readSealed(services, session)?.fixedUsername;
  if (fixed && credentials[REDIRECT_USER_KEY] !== fixed) {
    throw badRequest("Sign in at the bank as the connection's user", { reason: "USERNAME_MISMATCH" });
  }
}
