import { randomBytes } from "node:crypto";
import type {
  CompleteRedirectRequest,
  CompleteRedirectResponse,
  StartRedirectRequest,
  StartRedirectResponse,
} from "@finlink/contracts";
import { and, eq, gt, notInArray } from "drizzle-orm";
import type { Credentials } from "../../connectors/connector";
import { s256 } from "../../connectors/sandbox";
import { linkSessions } from "../../db/schema";
import { randomToken, sha256 } from "../../lib/crypto";
import { badRequest, notFound } from "../../lib/problem";
import type { Services } from "../../services";
import { requireEntity } from "./link-entities";
import { findRedirect } from "./link-redirect";
import {
  assertNotDenied,
  fixedEntityId,
  liveSession,
  type SessionRow,
  sessionContext,
  sessionEnded,
  sessionOperation,
  sessionParams,
  sessionStep,
} from "./link-session";
import { checkRedirectUser, usernameMismatch } from "./redirect-user";
import { redirectUri } from "./return-url";
import { sessionFields } from "./session-view";
import { advance, claimSignIn, holding, recordFailure, settle, tooManyAttempts } from "./sign-in-claim";
import { signInProblem } from "./sign-in-problem";

/** A pending redirect lapses after 10 minutes (or with its session, if sooner): a bank page left open that long is abandoned. */
export const REDIRECT_TTL_MS = 10 * 60_000;

/** The steps a redirect may start or complete from: the same as a credentials submission's. */
const SIGN_IN_FROM = ["ENTITY", "CREDENTIALS", "MFA", "AUTHENTICATED"] as const;

/** What the session keeps of a pending redirect, encrypted: never the state itself (only its hash, in the row). */
interface PendingRedirect {
  entityId: string;
  codeVerifier: string;
  redirectUri: string;
}

const stateUnknown = () =>
  notFound("This sign-in at the bank is unknown, already finished or expired: start again from the app", {
    reason: "REDIRECT_STATE_UNKNOWN",
  });
const invalidRedirect = (detail: string) => badRequest(detail, { reason: "INVALID_REDIRECT" });

/**
 * Starts a sign-in on the bank's own page: a fresh `state` (256 random bits, stored as its SHA-256) and PKCE pair
 * (the verifier, 43 base64url characters, encrypted in the session), and the bank's authorize URL for them.
 * Asking again replaces the pending redirect: only the newest state completes. Not counted as a sign-in attempt:
 * nothing secret is tried at Finlink (the password goes to the bank, which limits its own guesses), and each
 * start overwrites the last, so a session holds one pending redirect whatever the number of starts.
 */
export async function startRedirect(
  services: Services,
  session: SessionRow,
  body: StartRedirectRequest,
): Promise<StartRedirectResponse> {
  const step = sessionStep(session);
  if (step === "DONE") throw sessionEnded();
  if (step === "LOCKED") throw tooManyAttempts();
  assertNotDenied(session);
  const product = sessionOperation(session) === "CONNECT" ? sessionParams(session).product : undefined;
  const { entity, connector } = requireEntity(services, body.entity, product);
  if (entity.signIn !== "REDIRECT" || !connector.beginRedirect) {
    throw badRequest(`'${entity.id}' signs in on Link's form: send its credentials`, { reason: "NOT_REDIRECT_ENTITY" });
  }
  const fixed = fixedEntityId(session);
  if (fixed && entity.id !== fixed) {
    throw badRequest(`This Link session signs in to '${fixed}' only`, { reason: "ENTITY_MISMATCH" });
  }
  const health = await services.connectors.linkEntity(entity);
  if (health.status === "UNAVAILABLE") {
    throw signInProblem({ reason: "ENTITY_UNAVAILABLE", type: "ENTITY_ERROR", retryable: true }, { step });
  }
  const now = services.now();
  const state = randomBytes(32).toString("base64url");
  const codeVerifier = randomBytes(32).toString("base64url");
  const uri = redirectUri(services.config);
  const params = sessionParams(session);
  const begun = await connector.beginRedirect({
    entityId: entity.id,
    redirectUri: uri,
    state,
    codeChallenge: s256(codeVerifier),
    ...(params.lang ? { lang: params.lang } : {}),
    now,
  });
  if (begun.kind === "error") throw signInProblem(begun.error, { step });
  if (begun.kind !== "redirect") throw new Error("beginRedirect answered neither a URL nor an error");
  const expiresAt = new Date(Math.min(now.getTime() + REDIRECT_TTL_MS, session.expiresAt.getTime()));
  const pending: PendingRedirect = { entityId: entity.id, codeVerifier, redirectUri: uri };
  const saved = await services.database.db
    .update(linkSessions)
    .set({
      redirectStateHash: sha256(state),
      redirectEnc: services.cipher.encryptJson(pending, sessionContext(session.id, "redirect")),
      redirectExpiresAt: expiresAt,
      updatedAt: now,
    })
    .where(and(liveSession(session.id), notInArray(linkSessions.step, ["LOCKED"])))
    .returning({ id: linkSessions.id });
  if (saved.length === 0) throw sessionEnded();
  return { authorizeUrl: begun.authorizeUrl, expiresAt: expiresAt.toISOString() };
}

/** The return URL's query, once it is known to be Finlink's own return URL. */
function readReturn(services: Services, received: string): URLSearchParams {
  let url: URL;
  try {
    url = new URL(received);
  } catch {
    throw invalidRedirect("receivedRedirectUri is not a URL");
  }
  const ours = new URL(redirectUri(services.config));
  if (url.origin !== ours.origin || url.pathname !== ours.pathname) {
    throw invalidRedirect("receivedRedirectUri is not Finlink's return URL");
  }
  const query = url.searchParams;
  if (!query.get("state")) throw invalidRedirect("receivedRedirectUri has no state");
  if (!query.get("code") && !query.get("error"))
    throw invalidRedirect("receivedRedirectUri has neither code nor error");
  return query;
}

/** The live session whose pending redirect `state` is, or 404 `REDIRECT_STATE_UNKNOWN` — the same for every reason. */
async function findByState(services: Services, state: string): Promise<SessionRow> {
  const now = services.now();
  const [row] = await services.database.db
    .select()
    .from(linkSessions)
    .where(
      and(
        eq(linkSessions.redirectStateHash, sha256(state)),
        gt(linkSessions.redirectExpiresAt, now),
        gt(linkSessions.expiresAt, now),
        notInArray(linkSessions.step, ["DONE", "LOCKED"]),
      ),
    );
  if (!row?.redirectEnc) throw stateUnknown();
  return row;
}

/**
 * The bank sent the user back: found by `state` alone (a new tab has no session token), consumed at once so it
 * completes once, then the code exchanged with the session's verifier (or the user's refusal taken). Answers the
 * session with a fresh token — the stored hash is replaced, so the token before stops working.
 */
export async function completeRedirect(
  services: Services,
  body: CompleteRedirectRequest,
): Promise<CompleteRedirectResponse> {
  const query = readReturn(services, body.receivedRedirectUri);
  const state = query.get("state") ?? "";
  const found = await findByState(services, state);
  const claim = await claimSignIn(services, found.id, [...SIGN_IN_FROM], stateUnknown);
  return holding(services, claim, async () => {
    // Consumed under the claim and only while it is still this state: of two returns with it, one goes on.
    const consumed = await services.database.db
      .update(linkSessions)
      .set({ redirectStateHash: null, redirectEnc: null, redirectExpiresAt: null })
      .where(and(eq(linkSessions.id, found.id), eq(linkSessions.redirectStateHash, sha256(state))))
      .returning({ id: linkSessions.id });
    if (consumed.length === 0 || !found.redirectEnc) throw stateUnknown();
    const pending = services.cipher.decryptJson<PendingRedirect>(
      found.redirectEnc,
      sessionContext(found.id, "redirect"),
    );
    const sessionToken = randomToken("linkSession");
    const tokenHash = sha256(sessionToken);
    const answer = async (result: CompleteRedirectResponse["result"]) => {
      const [row] = await services.database.db.select().from(linkSessions).where(eq(linkSessions.id, found.id));
      if (!row) throw stateUnknown();
      const redirect = await findRedirect(services.database.db, row.redirectId, row.appId);
      return { sessionToken, ...(await sessionFields(services, row, redirect)), step: sessionStep(row), result };
    };
    const error = query.get("error");
    if (error === "access_denied") {
      // The user refused consent on the bank's page: the session stays open only to exit (with USER_DENIED), and
      // keeps nothing of an earlier sign-in that finish could still connect.
      await settle(services, claim, {
        step: fixedEntityId(found) ? "CREDENTIALS" : "ENTITY",
        tokenHash,
        credentialsEnc: null,
        connectorStateEnc: null,
        params: { ...sessionParams(found), denied: true },
      });
      return answer({ step: "DENIED" });
    }
    const { connector } = requireEntity(services, pending.entityId);
    if (error || !connector.completeRedirect) {
      await recordFailure(services, claim, false, "CREDENTIALS");
      throw signInProblem(
        { reason: "ENTITY_UNAVAILABLE", type: "ENTITY_ERROR", retryable: true },
        { step: "CREDENTIALS" },
      );
    }
    const step = await connector.completeRedirect({
      entityId: pending.entityId,
      redirectUri: pending.redirectUri,
      code: query.get("code") ?? "",
      codeVerifier: pending.codeVerifier,
      now: services.now(),
    });
    if (step.kind === "error") {
      // Not the user's guess (a refused code is never an honest user's doing): not counted.
      const { step: after } = await recordFailure(services, claim, false, "CREDENTIALS");
      throw signInProblem(step.error, { step: after });
    }
    const credentials = (step.kind === "ok" ? step.state : {}) as Credentials;
    if (step.kind === "ok" && !checkRedirectUser(services, found, credentials)) throw usernameMismatch();
    const signedIn = await advance(services, claim, step, {
      entityId: pending.entityId,
      tokenHash,
      twoFactor: step.kind === "ok" && step.twoFactor,
      ...(step.kind === "ok"
        ? { credentialsEnc: services.cipher.encryptJson(credentials, sessionContext(found.id, "credentials")) }
        : {}),
    });
    return answer(signedIn);
  });
}
