import type {
  ChallengeAnswer,
  CompleteRedirectResponse,
  CreateLinkSessionRequest,
  CreateLinkSessionResponse,
  ExitLinkRequest,
  ExitLinkResponse,
  FinishLinkResponse,
  LinkEntity,
  LinkSession,
  LinkSignInResponse,
  StartRedirectResponse,
  SubmitCredentialsRequest,
} from "@finlink/contracts";
import { LinkApiError } from "./link-api-error";

/** Session details the widget keeps: everything the server said except the token. */
export type LinkSessionInfo = Omit<CreateLinkSessionResponse, "sessionToken">;

/** The session a redirect sign-in came back to, and the bank's answer; the fresh token stays inside the client. */
export type CompletedRedirect = Omit<CompleteRedirectResponse, "sessionToken">;

export interface LinkApi {
  /** Opens the session; its token stays inside this client from then on. */
  createSession(request: CreateLinkSessionRequest): Promise<LinkSessionInfo>;
  searchEntities(query: string, signal?: AbortSignal): Promise<LinkEntity[]>;
  submitCredentials(request: SubmitCredentialsRequest): Promise<LinkSignInResponse>;
  answerChallenge(challengeId: string, answer: ChallengeAnswer): Promise<LinkSignInResponse>;
  /** Where the session stands (`GET /session`): how a window waiting on the bank notices another one moved on. */
  getSession(): Promise<LinkSession>;
  /** The bank's authorize page for a `REDIRECT` entity; asking again replaces the pending one. */
  startRedirect(entity: string): Promise<StartRedirectResponse>;
  /**
   * Completes a redirect sign-in from the URL the bank sent the user back to, with this window's session token if it
   * has one and the begin page's cookie (a new tab has no token): the server finds the session by the URL's `state`,
   * checks one of those, and hands a fresh token, kept from then on.
   */
  completeRedirect(receivedRedirectUri: string): Promise<CompletedRedirect>;
  finish(): Promise<FinishLinkResponse>;
  exit(request: ExitLinkRequest): Promise<ExitLinkResponse>;
  /** `X-Request-ID` of the last answered call, for the EXIT event. */
  lastRequestId(): string | null;
}

const SESSION_HEADER = "X-Link-Session";

/**
 * The Link API client. The session token lives only in this closure: no cookie or storage, because
 * Link runs in iframes on other sites, where storage is partitioned or refused.
 * @example const api = createLinkApi(); await api.createSession({ id: redirectId });
 */
export function createLinkApi(options: { baseUrl?: string; fetch?: typeof fetch } = {}): LinkApi {
  const baseUrl = options.baseUrl ?? "/api/v1/link";
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let sessionToken: string | null = null;
  let requestId: string | null = null;

  async function call<T>(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
    signal?: AbortSignal,
    withCookie = false,
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (sessionToken) headers[SESSION_HEADER] = sessionToken;
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        // The session token is the credential; cookies only on a redirect's completion (see completeRedirect).
        credentials: withCookie ? "same-origin" : "omit",
        cache: "no-store",
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw LinkApiError.from(error);
    }
    requestId = response.headers.get("X-Request-ID") ?? requestId;
    if (!response.ok) throw await LinkApiError.fromResponse(response);
    return (await response.json()) as T;
  }

  return {
    async createSession(request) {
      const { sessionToken: token, ...session } = await call<CreateLinkSessionResponse>("POST", "/sessions", request);
      sessionToken = token;
      return session;
    },
    searchEntities: (query, signal) =>
      call("GET", `/entities${query ? `?q=${encodeURIComponent(query)}` : ""}`, undefined, signal),
    submitCredentials: (request) => call("POST", "/session/credentials", request),
    answerChallenge: (challengeId, answer) => call("POST", "/session/mfa", { challengeId, answer }),
    getSession: () => call("GET", "/session"),
    startRedirect: (entity) => call("POST", "/session/redirect", { entity }),
    async completeRedirect(receivedRedirectUri) {
      // The proof this is the browser that began the redirect: the token this window holds (the iframe its popup
      // handed the URL to), else the binding cookie Finlink's begin page set (a return page in a new tab or window).
      const body = { receivedRedirectUri };
      const answer = await call<CompleteRedirectResponse>("POST", "/redirect/complete", body, undefined, true);
      const { sessionToken: token, ...completed } = answer;
      // The token before this one no longer works: every later call is made with the fresh one.
      sessionToken = token;
      return completed;
    },
    finish: () => call("POST", "/session/finish"),
    exit: (request) => call("POST", "/session/exit", request),
    lastRequestId: () => requestId,
  };
}
