import type {
  Account,
  Challenge,
  ChallengeAnswer,
  CredentialField,
  ErrorDetails,
  Investment,
  LinkEntity,
  Portfolio,
  PortfolioTransaction,
  Transaction,
} from "@finlink/contracts";

/**
 * An entity as a connector describes it: the public API shape plus what Link draws (the sign-in form, the brand
 * colour, the popularity). Whether it is up is asked separately (`Connector.status`): that changes by the minute.
 * `logoUrl` may be a path on Finlink's origin (`/logos/<id>.svg`): Link's CSP shows images from there only.
 */
export type ConnectorEntity = Omit<LinkEntity, "status" | "statusReason">;

/** Whether an entity answers sign-ins now. */
export type EntityHealth = Pick<LinkEntity, "status" | "statusReason">;
export type { Challenge, ChallengeAnswer, CredentialField };

/** Why a sign-in or an extraction failed: the `errorDetails` the API shows. */
export type ConnectorError = ErrorDetails;
export type ErrorReason = ErrorDetails["reason"];

/**
 * Where a sign-in stands. `state` is opaque connector data that the server stores (encrypted) between
 * steps and hands back on the next one; connectors keep nothing in memory between calls, so any
 * server process can take the next step.
 */
export type LoginStep =
  | { kind: "ok"; twoFactor: boolean; state: unknown }
  | { kind: "challenge"; challenge: Challenge; state: unknown }
  /**
   * With `state`, the same challenge is still pending; `challenge` is how the entity now describes it (fewer
   * attempts left), and without it the server keeps the one it had.
   */
  | { kind: "error"; error: ConnectorError; state?: unknown; challenge?: Challenge };

/**
 * Whether the pending challenge offers what the answer asks for: another code (`RESEND`, when `canResend`) or
 * another method (`SWITCH`, one of `alternatives`). Every other answer is the connector's to judge. The server
 * refuses the rest before the connector hears of them, so a connector needs only honour what it offered.
 * @example challengeOffers({ id: "ch_1", type: "OTP", length: 6, sentTo: null, attemptsLeft: null, canResend: false, alternatives: [] }, { type: "RESEND" }) // false
 */
export function challengeOffers(challenge: Challenge, answer: ChallengeAnswer): boolean {
  if (answer.type !== "RESEND" && answer.type !== "SWITCH") return true;
  if (challenge.type !== "OTP") return false;
  return answer.type === "RESEND" ? challenge.canResend : challenge.alternatives.includes(answer.method);
}

export type Credentials = Record<string, string>;

/**
 * The field that names the user at the entity (a username, a DNI, a card number): the first field of the
 * form that is not a password. Updates and restores keep it fixed; connectors list it first.
 */
export function identityField(entity: Pick<ConnectorEntity, "credentialFields">): CredentialField | undefined {
  return entity.credentialFields.find((field) => field.type !== "password");
}

/** The field holding the user's secret: the first password field. */
export function secretField(entity: Pick<ConnectorEntity, "credentialFields">): CredentialField | undefined {
  return entity.credentialFields.find((field) => field.type === "password");
}

/**
 * A decimal number as text ("-12.30", "35.1234"): what the connector hands over for every amount, price and
 * quantity. It goes into numeric columns as it is and reaches the wire with the same digits, so no binary
 * float ever rounds money.
 */
export type Decimal = string;
type WithDecimals<T, K extends keyof T> = Omit<T, K> & { [P in K]: Decimal };

/** Rows as extracted; ids are stable for the same entity + user so re-extraction upserts in place. */
export type ExtractedAccount = WithDecimals<Omit<Account, "createdAt" | "updatedAt">, "balance">;
export type ExtractedPortfolio = WithDecimals<Omit<Portfolio, "createdAt" | "updatedAt">, "balance">;
export type ExtractedTransaction = WithDecimals<Transaction, "amount">;
export type ExtractedPortfolioTransaction = WithDecimals<PortfolioTransaction, "amount" | "shares">;
export type ExtractedInvestment = Investment;
/**
 * An active position: what Vumi's List portfolio positions shows, less what the server adds — the investment's
 * name, ISIN, exchange and type (from the investment) and the weight (from the portfolio's positions).
 */
export interface ExtractedPosition {
  id: string;
  portfolioId: string;
  investmentId: string;
  titles: Decimal;
  /** Value and price in the portfolio's (reference) currency… */
  amount: Decimal;
  price: Decimal;
  currency: string;
  /** …and in the investment's own. */
  localAmount: Decimal;
  localPrice: Decimal;
  localCurrency: string;
  /** Reference → local, e.g. EURUSD. */
  exchangeRate: Decimal;
}

/** One chunk of extracted data; the server writes each batch as it arrives (≤ ~1,000 rows). */
export interface ExtractBatch {
  accounts?: ExtractedAccount[];
  portfolios?: ExtractedPortfolio[];
  investments?: ExtractedInvestment[];
  positions?: ExtractedPosition[];
  transactions?: ExtractedTransaction[];
  portfolioTransactions?: ExtractedPortfolioTransaction[];
}

export interface ExtractInput {
  entityId: string;
  credentials: Credentials;
  /** `initial` for the first extraction, `update` for a manual or scheduled refresh. */
  mode: "initial" | "update";
  /** "Today" for the data: transactions are generated up to this instant. */
  now: Date;
  signal: AbortSignal;
}

/** Thrown by `extract` when the entity refuses; the server maps it to ERRORED / UPDATE_ERROR. */
export class ConnectorFailure extends Error {
  constructor(readonly error: ConnectorError) {
    super(`connector failed: ${error.reason}`);
    this.name = "ConnectorFailure";
  }
}

/** What `beginRedirect` is given: the server made `state` and the PKCE pair, and keeps the verifier. */
export interface RedirectBegin {
  entityId: string;
  /** Finlink's return URL (`<public origin>/link/return`): the OAuth `redirect_uri`. */
  redirectUri: string;
  state: string;
  /** BASE64URL(SHA-256(code_verifier)), method S256. */
  codeChallenge: string;
  /** The session's language, when it has one: a bank page that speaks both may take it. */
  lang?: "es" | "en";
  now: Date;
}

export interface RedirectCompletion {
  entityId: string;
  redirectUri: string;
  code: string;
  codeVerifier: string;
  now: Date;
}

/** The key of a redirect connection's credentials naming the bank's user (`completeRedirect`). */
export const REDIRECT_USER_KEY = "user";

/** What a real bank connector implements; the sandbox connector is the reference implementation. */
export interface Connector {
  /** Entities this connector reaches. */
  entities(): ConnectorEntity[];
  /** First sign-in step. `now` drives time-based behaviour (APP approval) so tests are deterministic. */
  login(input: { entityId: string; credentials: Credentials; now: Date }): Promise<LoginStep>;
  /**
   * Answers the pending challenge; `state` is what the previous step returned. Besides the answers proper:
   * `RESEND` (offered with `canResend`) asks the entity to send another code, and `SWITCH` (one of the OTP
   * challenge's `alternatives`) to sign in another way; both answer a new challenge (a new id), as a bank's own
   * "send again" and "try another way" do. A real connector maps them to the bank's calls and keeps counting wrong
   * answers across them, since a fresh code must not buy fresh guesses; it sets `canResend` false once the bank
   * stops sending.
   */
  answer(input: { entityId: string; state: unknown; answer: ChallengeAnswer; now: Date }): Promise<LoginStep>;
  /** Extracts everything, in batches. Throws `ConnectorFailure` when the entity refuses. */
  extract(input: ExtractInput): AsyncIterable<ExtractBatch>;
  /**
   * Whether the entity is up, for Link's list (an outage the bank announced, a failure rate the connector sees).
   * Optional: a connector that cannot tell leaves it out and its entities count as AVAILABLE — sign-in still
   * answers ENTITY_UNAVAILABLE when the entity does not answer.
   */
  status?(entityId: string): Promise<EntityHealth>;
  /**
   * Redirect sign-in (entities with `signIn: "REDIRECT"`; a connector with such entities implements both): where
   * to send the user — the bank's authorize page for this `state` and PKCE `codeChallenge` (S256), answering to
   * `redirectUri`. A NextGenPSD2 connector creates the consent here (`POST /v1/consents` with `TPP-Redirect-URI`)
   * and answers its `_links.scaOAuth` / `scaRedirect`. An error step: the entity refuses (down, say).
   */
  beginRedirect?(input: RedirectBegin): Promise<{ kind: "redirect"; authorizeUrl: string } | LoginStep>;
  /**
   * The bank sent the user back with `code`: exchange it with the PKCE `codeVerifier` (and the same `redirectUri`).
   * `ok`'s `state` must be `Credentials` (strings): what later `extract` calls receive — the consent id or tokens,
   * and `user` naming the bank's user when the connector knows it (an update or restore must keep it). Denial
   * (`error=access_denied`) never reaches the connector: the server answers it.
   */
  completeRedirect?(input: RedirectCompletion): Promise<LoginStep>;
  /**
   * The entity's logo as SVG, for a connector that ships its logos with Finlink (`logoUrl` `/logos/<id>.svg`, which
   * Finlink serves from its own origin). Undefined: no logo of its own.
   */
  logo?(entityId: string): Promise<Uint8Array | undefined>;
}
