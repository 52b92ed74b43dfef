import { type Credentials, REDIRECT_USER_KEY } from "../../connectors/connector";
import { badRequest } from "../../lib/problem";
import type { Services } from "../../services";
import { readSealed, type SessionRow, sessionOperation } from "./link-session";

export const usernameMismatch = () => badRequest("Sign in as the connection's user", { reason: "USERNAME_MISMATCH" });

/**
 * Whether a redirect sign-in's consent may go on: an update or restore must come back as the connection's own
 * user (the consent's `user`, when the connector names one), at the end of the redirect or of a code after it.
 */
export function checkRedirectUser(services: Services, session: SessionRow, consent: Credentials): boolean {
  if (sessionOperation(session) !== "UPDATE") return true;
  const fixed = readSealed(services, session)?.fixedUsername;
  return !fixed || consent[REDIRECT_USER_KEY] === fixed;
}
