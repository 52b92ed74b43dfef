import {
  AppSettings,
  Connection,
  Entity,
  ExchangeResponse,
  LoginResponse,
  MessageResponse,
  PendingPublicTokens,
  PublicJwk,
  RefreshResponse,
  type Scope,
  type StartFlowRequest,
  StartFlowResponse,
} from "@finlink/contracts";
import { z } from "zod";
import { dataOperations } from "./data";
import type { DecimalMode } from "./exact-json";
import { DEFAULT_RETRY, type RetryOptions, realSleep } from "./retry";
import { sandboxOperations } from "./sandbox";
import { expiryOf, TokenSource } from "./token-source";
import { type FetchLike, type Send, Transport } from "./transport";

export interface FinlinkClientOptions<D extends DecimalMode = "number"> {
  /** Finlink's origin, e.g. `http://127.0.0.1:4010` (paths start at `/api/v1`). */
  baseUrl: string;
  clientId: string;
  /** Kept in this closure only: never logged, never in an error, not shown by `inspect` or `toString`. */
  clientSecret: string;
  /** Defaults to the global `fetch`. */
  fetch?: FetchLike;
  /** Scopes to log in with (default: all three). */
  scopes?: Scope[];
  /** The clock (token expiry, HTTP-date `Retry-After`). */
  now?: () => Date;
  /** How retries wait (tests record the delays instead). */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  retry?: RetryOptions;
  /** Per attempt (default 30 s); a timeout counts as a network error. */
  timeoutMs?: number;
  /** `"string"`: amounts, balances, prices and quantities as their exact JSON digits (`"12.30"`). */
  decimals?: D;
}

/** `GET /api/v1/queries/connections?externalId=` and `…/pending` filter. */
export interface ExternalIdFilter {
  externalId?: string;
}

const ConnectionList = z.array(Connection);
// The expiry is read from the token: a login answer without a readable `exp` is a changed wire, said loudly.
const LoginAnswer = LoginResponse.extend({
  token: z.string().refine((token) => {
    try {
      return expiryOf(token) > 0;
    } catch {
      return false;
    }
  }, "not a JWT with a numeric exp"),
});
const connectionPath = "/api/v1/queries/connections/{connectionToken}";
const get = { method: "GET", auth: true, retry: "idempotent" } as const;

/**
 * A typed client of the Finlink API. Logs in on first use, keeps the token until a minute before it expires,
 * logs in again once on a 401, and checks every answer against `@finlink/contracts`.
 * @example
 * const finlink = createFinlinkClient({ baseUrl: "http://127.0.0.1:4010", clientId, clientSecret });
 * const { connectionToken } = await finlink.exchange(publicToken);
 * for await (const tx of finlink.accountTransactions.iterate(connectionToken, accountId)) …
 */
export function createFinlinkClient<D extends DecimalMode = "number">(options: FinlinkClientOptions<D>) {
  const now = options.now ?? (() => new Date());
  const { clientId, clientSecret, scopes } = options;
  const transportOptions = {
    baseUrl: options.baseUrl,
    fetch: options.fetch ?? ((url: string, init: RequestInit) => fetch(url, init)),
    now,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    timeoutMs: options.timeoutMs ?? 30_000,
    decimals: (options.decimals ?? "number") as DecimalMode,
  };
  const anonymous = new Transport(transportOptions, undefined);
  const tokens = new TokenSource(async () => {
    const answer = await anonymous.send({
      method: "POST",
      route: "/api/v1/auth/login",
      body: { clientId, clientSecret, ...(scopes ? { scopes } : {}) },
      schema: LoginAnswer,
      auth: false,
      // Logging in changes nothing on the server: safe to repeat.
      retry: "idempotent",
    });
    return answer.token;
  }, now);
  const transport = new Transport(transportOptions, tokens);
  const send: Send = (call) => transport.send(call);

  const client = {
    /** `POST …/start-flow`: a signed start token and the Link URL to open (`url`). Not retried on 5xx. */
    startFlow: (body: StartFlowRequest): Promise<StartFlowResponse> =>
      send({
        method: "POST",
        route: "/api/v1/commands/connections/start-flow",
        body,
        schema: StartFlowResponse,
        auth: true,
        retry: "unsafe",
      }),

    /**
     * `POST …/exchange/{publicToken}`: the permanent connectionToken. Sends an `Idempotency-Key` (a random UUID
     * unless given) and retries network errors and 5xx with that same key, so a lost answer is recovered
     * rather than revoking the connection. Give your own key (e.g. derived from your `state`) to make a
     * retry after a crash of your own process safe too.
     */
    exchange: (publicToken: string, opts: { idempotencyKey?: string } = {}): Promise<ExchangeResponse> =>
      send({
        method: "POST",
        route: "/api/v1/commands/connections/exchange/{publicToken}",
        params: { publicToken },
        headers: { "Idempotency-Key": opts.idempotencyKey ?? crypto.randomUUID() },
        schema: ExchangeResponse,
        auth: true,
        retry: "idempotent",
      }),

    /** `GET …/connections/{connectionToken}`: status, errorDetails, update and restore tokens. */
    connection: (connectionToken: string): Promise<Connection> =>
      send({ ...get, route: connectionPath, params: { connectionToken }, schema: Connection }),

    /** `GET …/connections`: the app's exchanged connections, newest first. */
    connections: (filter: ExternalIdFilter = {}): Promise<Connection[]> =>
      send({ ...get, route: "/api/v1/queries/connections", query: { ...filter }, schema: ConnectionList }),

    /** `GET …/connections/pending`: publicTokens never exchanged (recover a lost exchange with them). */
    pending: (filter: ExternalIdFilter = {}) =>
      send({ ...get, route: "/api/v1/queries/connections/pending", query: { ...filter }, schema: PendingPublicTokens }),

    /** `DELETE …/connections/{connectionToken}`: erases the connection. Not retried (a lost answer reads as 404). */
    deleteConnection: (connectionToken: string) =>
      send({
        method: "DELETE",
        route: "/api/v1/commands/connections/{connectionToken}",
        params: { connectionToken },
        schema: MessageResponse,
        auth: true,
        retry: "unsafe",
      }),

    /** `POST …/refresh`: starts an update (202). A 409 FinlinkError's `problem.updateToken` opens Link for it. */
    refresh: (connectionToken: string) =>
      send({
        method: "POST",
        route: "/api/v1/commands/connections/{connectionToken}/refresh",
        params: { connectionToken },
        schema: RefreshResponse,
        auth: true,
        retry: "unsafe",
      }),

    /** `GET /api/v1/queries/app`: this app's settings, with its redirect ids. */
    app: (): Promise<AppSettings> => send({ ...get, route: "/api/v1/queries/app", schema: AppSettings }),

    /** `GET /api/v1/queries/entities`. */
    entities: (): Promise<Entity[]> => send({ ...get, route: "/api/v1/queries/entities", schema: z.array(Entity) }),

    ...dataOperations<D>(send),

    /**
     * `GET /api/v1/webhook_verification/{kid}`: the public JWK that verifies webhook signatures. Sent with the
     * session (Vumi asks for one; Finlink needs none).
     */
    verificationKey: (kid: string): Promise<PublicJwk> =>
      send({ ...get, route: "/api/v1/webhook_verification/{keyId}", params: { keyId: kid }, schema: PublicJwk }),

    /** Sandbox mode only: connections without a browser, webhooks on demand. */
    sandbox: sandboxOperations(send),
  };
  const shown = `FinlinkClient { baseUrl: ${JSON.stringify(options.baseUrl)}, clientId: ${JSON.stringify(clientId)} }`;
  return Object.assign(client, {
    toString: () => shown,
    toJSON: () => ({ baseUrl: options.baseUrl, clientId }),
    [Symbol.for("nodejs.util.inspect.custom")]: () => shown,
  });
}

export type FinlinkClient<D extends DecimalMode = "number"> = ReturnType<typeof createFinlinkClient<D>>;
