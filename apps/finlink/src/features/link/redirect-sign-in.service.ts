import { randomBytes } from "node:crypto";
import type {
  CompleteRedirectRequest,
  CompleteRedirectResponse,
  StartRedirectRequest,
  StartRedirectResponse,
} from "@finlink/contracts";
import { and, eq, gt, lt, notInArray, sql } from "drizzle-orm";
import type { Credentials } from "../../connectors/connector";
import { s256 } from "../../connectors/sandbox";
import { linkSessions } from "../../db/schema";
import { randomToken, sha256 } from "../../lib/crypto";
import { ApiError, badRequest, conflict, notFound } from "../../lib/problem";
import type { Services } from "../../services";
import { requireEntity } from "./link-entities";
import { findRedirect } from "./link-redirect";
import {
  fixedEntityId,
  liveSession,
  type SessionRow,
  sessionContext,
  sessionEnded,
  sessionOperation,
  sessionParams,
  sessionStep,
  signInDenied,
} from "./link-session";
import { checkRedirectUser, usernameMismatch } from "./redirect-user";
import { BEGIN_PATH, bindingCookieName, redirectUri } from "./return-url";
import { sessionFields } from "./session-view";
import { advance, claimSignIn, holding, recordFailure, settle, tooManyAttempts } from "./sign-in-claim";
import { signInProblem } from "./sign-in-problem";

/** A pending redirect lapses after 10 minutes (or with its session, if sooner): a bank page left open that long is abandoned. */
export const REDIRECT_TTL_MS = 10 * 60_000;

/**
 * The steps a redirect may start or complete from. Not AUTHENTICATED: the user already signed in (Link never
 * starts one then), and a return must not replace a sign-in that is done.
 */
const SIGN_IN_FROM = ["ENTITY", "CREDENTIALS", "MFA"] as const;

/** Redirects one session may start: each is a consent request at a real bank, and Link starts one per screen. */
export const MAX_REDIRECT_STARTS = 10;

/** What the session keeps of a pending redirect, encrypted: never the state itself (only its hash, in the row). */
export interface PendingRedirect {
  entityId: string;
  codeVerifier: string;
  redirectUri: string;
  /** The bank's authorize URL (with the state and the PKCE challenge): where `/link/redirect/begin` sends the browser. */
  bankUrl: string;
}

/** What proves the completion comes from the browser that started the redirect, as the request carried it. */
export interface CompletionProof {
  /** The request's cookies (the binding cookie is named after the state). */
  cookies: Record<string, string>;
  /** `X-Link-Session`: the iframe that opened the popup completes with its token. */
  sessionToken: string | undefined;
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
  if (session.signInDenied) throw signInDenied();
  if (step === "AUTHENTICATED") {
    throw conflict("This session is already signed in: finish it", { reason: "ALREADY_AUTHENTICATED" });
  }
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
  await countStart(services, session);
  const now = services.now();
  const state = randomBytes(32).toString("base64url");
  const ticket = randomBytes(32).toString("base64url");
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
  const pending: PendingRedirect = { entityId: entity.id, codeVerifier, redirectUri: uri, bankUrl: begun.authorizeUrl };
  const saved = await services.database.db
    .update(linkSessions)
    .set({
      redirectStateHash: sha256(state),
      redirectEnc: services.cipher.encryptJson(pending, sessionContext(session.id, "redirect")),
      redirectExpiresAt: expiresAt,
      redirectTicketHash: sha256(ticket),
      redirectBindingHash: null,
      updatedAt: now,
    })
    .where(and(liveSession(session.id), notInArray(linkSessions.step, ["LOCKED"])))
    .returning({ id: linkSessions.id });
  if (saved.length === 0) throw sessionEnded();
  // Link opens Finlink's own page first: it binds the redirect to this browser, then sends it on to the bank.
  const begin = new URL(BEGIN_PATH, new URL(services.config.publicUrl).origin);
  begin.searchParams.set("ticket", ticket);
  return { authorizeUrl: begin.toString(), expiresAt: expiresAt.toISOString() };
}

/** Counts a start before the bank is asked, atomically; the 11th is 429 `REDIRECT_STARTS_EXCEEDED`. */
async function countStart(services: Services, session: SessionRow): Promise<void> {
  const counted = await services.database.db
    .update(linkSessions)
    .set({ redirectStarts: sql`${linkSessions.redirectStarts} + 1` })
    .where(and(eq(linkSessions.id, session.id), lt(linkSessions.redirectStarts, MAX_REDIRECT_STARTS)))
    .returning({ id: linkSessions.id });
  if (counted.length === 0) {
    throw new ApiError(
      429,
      "Too Many Requests",
      "Too many sign-ins at the bank started in this session: open Link again",
      {
        reason: "REDIRECT_STARTS_EXCEEDED",
        retryable: false,
      },
    );
  }
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
  // A userinfo part (`https://x@finlink…`) is never what a bank sends back: refused rather than ignored.
  if (url.origin !== ours.origin || url.pathname !== ours.pathname || url.username || url.password) {
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
 * Whether this request comes from the browser that started the redirect: the binding cookie `/link/redirect/begin`
 * set for this state (a full-page return, a new tab of the same browser), or the session's current token (the
 * iframe completing what its popup handed back: its partitioned storage never sees the first-party cookie). The
 * state alone proves nothing: it travels in URLs (the bank's page, the return URL, a history, a shared link).
 */
function proven(row: SessionRow, proof: CompletionProof): boolean {
  const cookie = row.redirectStateHash ? proof.cookies[bindingCookieName(row.redirectStateHash)] : undefined;
  if (cookie && row.redirectBindingHash && sha256(cookie) === row.redirectBindingHash) return true;
  return proof.sessionToken !== undefined && sha256(proof.sessionToken) === row.tokenHash;
}

/**
 * The bank sent the user back: found by `state`, completed only with proof it is the browser that started it
 * (`proven`; without it the same 404 as an unknown state, and nothing spent), consumed at once so it completes
 * once, then the code exchanged with the session's verifier (or the user's refusal taken). Answers the session
 * with a fresh token — the stored hash is replaced, so the token before stops working.
 */
export async function completeRedirect(
  services: Services,
  body: CompleteRedirectRequest,
  proof: CompletionProof,
): Promise<CompleteRedirectResponse> {
  const query = readReturn(services, body.receivedRedirectUri);
  const state = query.get("state") ?? "";
  const found = await findByState(services, state);
  if (!proven(found, proof)) throw stateUnknown();
  // Losing a race to another return (or the session ending meanwhile) is one more unusable state: the same 404.
  const claim = await claimSignIn(services, found.id, [...SIGN_IN_FROM], stateUnknown).catch((error: unknown) => {
    throw error instanceof ApiError ? stateUnknown() : error;
  });
  return holding(services, claim, async () => {
    // Consumed under the claim and only while it is still this state: of two returns with it, one goes on.
    const consumed = await services.database.db
      .update(linkSessions)
      .set({
        redirectStateHash: null,
        redirectEnc: null,
        redirectExpiresAt: null,
        redirectTicketHash: null,
        redirectBindingHash: null,
      })
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
      // The user refused consent on the bank's page: that ends the sign-in. The session keeps nothing of an earlier
      // step (credentials, a challenge) and may only exit, as USER_DENIED whatever Link says.
      await settle(services, claim, {
        step: fixedEntityId(found) ? "CREDENTIALS" : "ENTITY",
        signInDenied: true,
        credentialsEnc: null,
        connectorStateEnc: null,
        tokenHash,
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
