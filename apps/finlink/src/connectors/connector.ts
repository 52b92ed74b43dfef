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
  Position,
  Transaction,
} from "@finlink/contracts";

/** An entity as a connector describes it: the public API shape plus the sign-in form Link draws. */
export type ConnectorEntity = LinkEntity;
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
  | { kind: "error"; error: ConnectorError; state?: unknown };

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

/** Rows as extracted; ids are stable for the same entity + user so re-extraction upserts in place. */
export type ExtractedAccount = Omit<Account, "createdAt" | "updatedAt">;
export type ExtractedPortfolio = Omit<Portfolio, "createdAt" | "updatedAt">;
export type ExtractedPosition = Position & { portfolioId: string };

/** One chunk of extracted data; the server writes each batch as it arrives (≤ ~1,000 rows). */
export interface ExtractBatch {
  accounts?: ExtractedAccount[];
  portfolios?: ExtractedPortfolio[];
  investments?: Investment[];
  positions?: ExtractedPosition[];
  transactions?: Transaction[];
  portfolioTransactions?: PortfolioTransaction[];
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

/** What a real bank connector implements; the sandbox connector is the reference implementation. */
export interface Connector {
  /** Entities this connector reaches. */
  entities(): ConnectorEntity[];
  /** First sign-in step. `now` drives time-based behaviour (APP approval) so tests are deterministic. */
  login(input: { entityId: string; credentials: Credentials; now: Date }): Promise<LoginStep>;
  /** Answers the pending challenge; `state` is what the previous step returned. */
  answer(input: { entityId: string; state: unknown; answer: ChallengeAnswer; now: Date }): Promise<LoginStep>;
  /** Extracts everything, in batches. Throws `ConnectorFailure` when the entity refuses. */
  extract(input: ExtractInput): AsyncIterable<ExtractBatch>;
}
