import type { ExitLinkRequest, ExitLinkResponse, FinishLinkResponse, LinkExitReason } from "@finlink/contracts";
import { eq, isNull } from "drizzle-orm";
import type { Credentials } from "../../connectors/connector";
import { connections } from "../../db/schema";
import { conflict, gone } from "../../lib/problem";
import type { Services } from "../../services";
import { credentialsContext } from "../connections/connection-view";
import { startExtraction } from "../connections/maintenance.service";
import { clearedUserToken } from "../connections/user-token";
import { findRedirect, redirectUrl } from "./link-redirect";
import {
  closeSession,
  readSealed,
  type SessionRow,
  sessionContext,
  sessionEnded,
  sessionOperation,
  sessionParams,
  sessionStep,
  signInDenied,
} from "./link-session";
import { openConnection } from "./open-connection";

const notAuthenticated = () => conflict("Sign in before finishing", { reason: "NOT_AUTHENTICATED" });
const connectionGone = () => gone("The connection was deleted meanwhile", { reason: "CONNECTION_GONE" });

/**
 * Stores the new credentials on the connection and starts its update. Signing in again also settles a
 * restore: a restore token left behind would make every later refresh ask for the user again.
 */
async function updateConnection(services: Services, session: SessionRow, credentials: Credentials): Promise<void> {
  const connectionId = session.connectionId;
  if (!connectionId) throw connectionGone();
  if (!(await closeSession(services.database.db, session, services.now(), "AUTHENTICATED"))) throw notAuthenticated();
  const [row] = await services.database.db
    .select({ status: connections.status })
    .from(connections)
    .where(eq(connections.id, connectionId));
  // A connection without data yet (never extracted, or its first extraction failed) runs a first extraction.
  const status = !row || row.status === "PENDING" || row.status === "ERRORED" ? "PENDING" : "UPDATING";
  const started = await startExtraction(
    services,
    connectionId,
    status,
    {
      credentialsEnc: services.cipher.encryptJson(credentials, credentialsContext(connectionId)),
      twoFactorEnabled: session.twoFactor,
      ...clearedUserToken("restore"),
    },
    isNull(connections.revokedAt),
  );
  if (!started) throw connectionGone();
}

/**
 * Ends a signed-in session. CONNECT creates the connection (and its publicToken) in the transaction that
 * closes the session; UPDATE signs the existing connection in again. Answers where Link navigates next.
 */
export async function finishSession(services: Services, session: SessionRow): Promise<FinishLinkResponse> {
  const { credentialsEnc, entityId } = session;
  if (session.signInDenied) throw signInDenied();
  if (sessionStep(session) !== "AUTHENTICATED" || !credentialsEnc || !entityId) throw notAuthenticated();
  const redirect = await findRedirect(services.database.db, session.redirectId, session.appId);
  const credentials = services.cipher.decryptJson<Credentials>(
    credentialsEnc,
    sessionContext(session.id, "credentials"),
  );
  const { externalId, state, desiredOwners } = sessionParams(session);
  if (sessionOperation(session) === "UPDATE") {
    const token = readSealed(services, session)?.token;
    await updateConnection(services, session, credentials);
    const url = redirectUrl(redirect.uri, { operation: "UPDATE", entity: entityId, token, state });
    return { redirectUrl: url, operation: "UPDATE", entity: entityId };
  }
  const input = {
    appId: session.appId,
    entityId,
    externalId,
    credentials,
    twoFactor: session.twoFactor,
    desiredOwners: desiredOwners ?? null,
  };
  const { publicToken } = await openConnection(services, input, async (tx) => {
    if (!(await closeSession(tx, session, services.now(), "AUTHENTICATED"))) throw notAuthenticated();
  });
  // Vumi's docs name the parameter both `publicToken` and `token`: send both so either integration works.
  const params = { publicToken, token: publicToken, operation: "CONNECT", entity: entityId, state };
  return { redirectUrl: redirectUrl(redirect.uri, params), operation: "CONNECT", entity: entityId, publicToken };
}

/**
 * The `error` of an exit redirect: the widget's word for the screen the user left from (advisory: a user can
 * always type any redirect URL), except where the server knows better — a locked session is
 * `TOO_MANY_ATTEMPTS`, and only a locked session is; a session the user refused at the bank is `USER_DENIED`.
 */
function exitReason(session: SessionRow, body: ExitLinkRequest): LinkExitReason {
  if (sessionStep(session) === "LOCKED") return "TOO_MANY_ATTEMPTS";
  if (session.signInDenied) return "USER_DENIED";
  const reason = body.reason ?? "USER_EXIT";
  return reason === "TOO_MANY_ATTEMPTS" ? "USER_EXIT" : reason;
}

/**
 * The user leaves without a connection: Link navigates to the redirect with `error=<reason>` — `USER_EXIT`,
 * or the error of the screen they left from. A locked session is `TOO_MANY_ATTEMPTS` whatever the widget says, and
 * one refused at the bank `USER_DENIED`.
 */
export async function exitSession(
  services: Services,
  session: SessionRow,
  body: ExitLinkRequest,
): Promise<ExitLinkResponse> {
  const redirect = await findRedirect(services.database.db, session.redirectId, session.appId);
  if (!(await closeSession(services.database.db, session, services.now()))) throw sessionEnded();
  services.logger.info(
    { linkSessionId: session.id, step: session.step, screen: body.screen, reason: body.reason },
    "link exited by the user",
  );
  const params = {
    error: exitReason(session, body),
    operation: sessionOperation(session),
    state: sessionParams(session).state,
  };
  return { redirectUrl: redirectUrl(redirect.uri, params) };
}
