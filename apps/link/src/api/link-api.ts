import type {
  ChallengeAnswer,
  CreateLinkSessionRequest,
  CreateLinkSessionResponse,
  ExitLinkRequest,
  ExitLinkResponse,
  FinishLinkResponse,
  LinkEntity,
  LinkSignInResponse,
  SubmitCredentialsRequest,
} from "@finlink/contracts";
import { LinkApiError } from "./link-api-error";

/** Session details the widget keeps: everything the server said except the token. */
export type LinkSessionInfo = Omit<CreateLinkSessionResponse, "sessionToken">;

export interface LinkApi {
  /** Opens the session; its token stays inside this client from then on. */
  createSession(request: CreateLinkSessionRequest): Promise<LinkSessionInfo>;
  searchEntities(query: string, signal?: AbortSignal): Promise<LinkEntity[]>;
  submitCredentials(request: SubmitCredentialsRequest): Promise<LinkSignInResponse>;
  answerChallenge(challengeId: string, answer: ChallengeAnswer): Promise<LinkSignInResponse>;
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

  async function call<T>(method: "GET" | "POST", path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
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
        // Never send or store cookies: the session token is the only credential.
        credentials: "omit",
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
    finish: () => call("POST", "/session/finish"),
    exit: (request) => call("POST", "/session/exit", request),
    lastRequestId: () => requestId,
  };
}
