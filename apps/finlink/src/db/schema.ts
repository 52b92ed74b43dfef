import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
const money = (name: string) => numeric(name, { precision: 18, scale: 2 });

/** An integrator's application. Its client secrets are in `app_client_secrets`. */
export const apps = pgTable("apps", {
  id: uuid("id").primaryKey(),
  name: text("name").notNull(),
  /** Superseded by `app_client_secrets` (migration 0008 moved every hash there and cleared this); never read. */
  clientSecretHash: text("client_secret_hash"),
  webhookUrl: text("webhook_url"),
  /** When true Link refuses URL-parameter starts: only start-flow tokens open it. */
  startFlowOnly: boolean("start_flow_only").notNull().default(false),
  /** Shown on Link's consent screen (null: no link); checked by `checkAppLink` before they are stored. */
  privacyPolicyUrl: text("privacy_policy_url"),
  termsUrl: text("terms_url"),
  /**
   * The webhook endpoint's health: ACTIVE (events are sent), FAILING (an event spent its retries or
   * failures lasted 5 days: later events wait), DISABLED (it answered 410). Only recover re-enables it.
   */
  webhookState: text("webhook_state").$type<"ACTIVE" | "FAILING" | "DISABLED">().notNull().default("ACTIVE"),
  webhookStateReason: text("webhook_state_reason"),
  webhookStateChangedAt: timestamp("webhook_state_changed_at", { withTimezone: true }),
  /** The first failed attempt since the last delivered one (null while the endpoint answers). */
  webhookFailingSince: timestamp("webhook_failing_since", { withTimezone: true }),
  createdAt: createdAt(),
});

export const appRedirects = pgTable(
  "app_redirects",
  {
    id: uuid("id").primaryKey(),
    appId: uuid("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    uri: text("uri").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("app_redirects_app_idx").on(t.appId)],
);

/**
 * An app's client secrets (at most 5 live ones, as Vumi allows): API login accepts any that is not revoked.
 * Stored hashed (`lib/crypto.ts` `hashSecret`), shown once when created.
 */
export const appClientSecrets = pgTable(
  "app_client_secrets",
  {
    id: uuid("id").primaryKey(),
    appId: uuid("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    secretHash: text("secret_hash").notNull(),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("app_client_secrets_app_idx").on(t.appId)],
);

/** ES256 signing keys; the private JWK is stored encrypted under the server's data key. */
export const signingKeys = pgTable("signing_keys", {
  kid: text("kid").primaryKey(),
  purpose: text("purpose").notNull(),
  privateJwkEnc: text("private_jwk_enc").notNull(),
  publicJwk: jsonb("public_jwk").notNull(),
  createdAt: createdAt(),
  /** Set when a newer key of the purpose replaced it: it verifies (and is published) for a while longer. */
  retiredAt: timestamp("retired_at", { withTimezone: true }),
});

/**
 * One Link session: what the widget started with, where its sign-in stands, the credentials it
 * collected (encrypted) and the connector state between MFA steps (encrypted).
 */
export const linkSessions = pgTable(
  "link_sessions",
  {
    id: uuid("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    appId: uuid("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    redirectId: uuid("redirect_id").notNull(),
    operation: text("operation").notNull(),
    connectionId: uuid("connection_id"),
    params: jsonb("params").notNull(),
    entityId: text("entity_id"),
    step: text("step").notNull(),
    failedAttempts: integer("failed_attempts").notNull().default(0),
    credentialsEnc: text("credentials_enc"),
    connectorStateEnc: text("connector_state_enc"),
    twoFactor: boolean("two_factor").notNull().default(false),
    /**
     * The pending redirect sign-in (the bank's own page): the SHA-256 of its `state` (the return finds the session
     * by it; the state itself is never stored), the PKCE verifier and entity encrypted under
     * `sessionContext(id, "redirect")`, and when it lapses. Emptied when the return consumes it.
     */
    redirectStateHash: text("redirect_state_hash").unique(),
    redirectEnc: text("redirect_enc"),
    redirectExpiresAt: timestamp("redirect_expires_at", { withTimezone: true }),
    /**
     * The redirect's binding to the browser that started it: the SHA-256 of its single-use ticket (the
     * `authorizeUrl` Link opens, `/link/redirect/begin?ticket=…`), then, once that browser has been there, the
     * SHA-256 of the binding secret its HttpOnly cookie carries. A return completes only with that cookie or the
     * session's current token. `redirect_starts` caps how many redirects a session may start (each is a consent
     * request at a real bank); `sign_in_denied` is set when the user refused at the bank: the session can only exit.
     */
    redirectTicketHash: text("redirect_ticket_hash").unique(),
    redirectBindingHash: text("redirect_binding_hash"),
    redirectStarts: integer("redirect_starts").notNull().default(0),
    signInDenied: boolean("sign_in_denied").notNull().default(false),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // Expired sessions are swept by this column.
  (t) => [index("link_sessions_expires_idx").on(t.expiresAt)],
);

export const connections = pgTable(
  "connections",
  {
    id: uuid("id").primaryKey(),
    appId: uuid("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    entityId: text("entity_id").notNull(),
    externalId: text("external_id"),
    status: text("status").notNull(),
    errorDetails: jsonb("error_details"),
    publicTokenHash: text("public_token_hash").unique(),
    publicTokenExpiresAt: timestamp("public_token_expires_at", { withTimezone: true }),
    /** The publicToken itself, encrypted, so `pending` can return the same token (never a re-issued one). */
    publicTokenEnc: text("public_token_enc"),
    connectionTokenHash: text("connection_token_hash").unique(),
    /** The connectionToken itself, encrypted: status and list return it as Vumi's `credentialsToken`. */
    connectionTokenEnc: text("connection_token_enc"),
    /** start-flow `desiredOwners`: only accounts and portfolios of these holders are extracted (null = all). */
    desiredOwners: jsonb("desired_owners"),
    exchangedAt: timestamp("exchanged_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** Idempotency-Key of the exchange and its response (token encrypted), kept 24 h for safe retries. */
    exchangeKey: text("exchange_key"),
    exchangeResponseEnc: text("exchange_response_enc"),
    credentialsEnc: text("credentials_enc"),
    updateTokenHash: text("update_token_hash").unique(),
    updateTokenEnc: text("update_token_enc"),
    updateTokenExpiresAt: timestamp("update_token_expires_at", { withTimezone: true }),
    restoreTokenHash: text("restore_token_hash").unique(),
    restoreTokenEnc: text("restore_token_enc"),
    restoreTokenExpiresAt: timestamp("restore_token_expires_at", { withTimezone: true }),
    twoFactorEnabled: boolean("two_factor_enabled").notNull().default(false),
    /** Bumped on every extraction start: a late job of an older run must not overwrite a newer one. */
    syncRun: integer("sync_run").notNull().default(0),
    lastSync: timestamp("last_sync", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("connections_app_external_idx").on(t.appId, t.externalId)],
);

// Extracted rows belong to their connection: deleting the connection row deletes them (ON DELETE CASCADE),
// so no path that removes a connection can leave data behind.
const dataKey = {
  connectionId: uuid("connection_id")
    .notNull()
    .references(() => connections.id, { onDelete: "cascade" }),
};

export const accounts = pgTable(
  "accounts",
  {
    ...dataKey,
    id: text("id").notNull(),
    portfolio: text("portfolio"),
    iban: text("iban"),
    type: text("type").notNull(),
    alias: text("alias").notNull(),
    balance: money("balance").notNull(),
    currency: text("currency").notNull(),
    owners: jsonb("owners").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.id] })],
);

export const transactions = pgTable(
  "transactions",
  {
    ...dataKey,
    id: text("id").notNull(),
    accountId: text("account_id").notNull(),
    date: date("date").notNull(),
    valueDate: date("value_date").notNull(),
    amount: money("amount").notNull(),
    currency: text("currency").notNull(),
    description: text("description").notNull(),
    type: text("type").notNull(),
    category: text("category"),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.id] }),
    // Keyset pagination walks this index: newest first, id as the tie-breaker.
    index("transactions_page_idx").on(t.connectionId, t.accountId, t.date.desc(), t.id.desc()),
  ],
);

export const portfolios = pgTable(
  "portfolios",
  {
    ...dataKey,
    id: text("id").notNull(),
    type: text("type").notNull(),
    owners: jsonb("owners").notNull(),
    balance: money("balance").notNull(),
    currency: text("currency").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.id] })],
);

export const investments = pgTable(
  "investments",
  {
    ...dataKey,
    id: text("id").notNull(),
    name: text("name").notNull(),
    /** Null for an `unknown` investment the entity did not identify. */
    isin: text("isin"),
    currency: text("currency").notNull(),
    exchange: text("exchange"),
    assetType: text("asset_type").notNull(),
    unknown: boolean("unknown").notNull().default(false),
    relatedSecurity: text("related_security"),
    spanishTaxExempt: boolean("spanish_tax_exempt").notNull().default(false),
    /** `{name, cif}` of a fund's or pension plan's manager, or null. */
    managementCompany: jsonb("management_company"),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.id] })],
);

export const positions = pgTable(
  "positions",
  {
    ...dataKey,
    id: text("id").notNull(),
    portfolioId: text("portfolio_id").notNull(),
    investmentId: text("investment_id").notNull(),
    titles: numeric("shares").notNull(),
    /** Value and price in the portfolio's reference currency (`currency`) and in the investment's own. */
    amount: money("market_value").notNull(),
    localAmount: money("local_amount").notNull(),
    price: numeric("price").notNull(),
    localPrice: numeric("local_price").notNull(),
    currency: text("currency").notNull(),
    localCurrency: text("local_currency").notNull(),
    /** Reference → local (EURUSD when the reference is EUR and the local currency USD). */
    exchangeRate: numeric("exchange_rate").notNull(),
    /** The extraction run that last wrote it: a position an update no longer reports (sold out) is deleted. */
    syncRun: integer("sync_run").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.id] }),
    index("positions_portfolio_idx").on(t.connectionId, t.portfolioId),
  ],
);

export const portfolioTransactions = pgTable(
  "portfolio_transactions",
  {
    ...dataKey,
    id: text("id").notNull(),
    portfolioId: text("portfolio_id").notNull(),
    investmentId: text("investment_id").notNull(),
    date: date("date").notNull(),
    valueDate: date("value_date").notNull(),
    amount: money("amount").notNull(),
    shares: numeric("shares").notNull(),
    currency: text("currency").notNull(),
    description: text("description").notNull(),
    type: text("type").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.connectionId, t.id] }),
    index("portfolio_transactions_page_idx").on(t.connectionId, t.portfolioId, t.date.desc(), t.id.desc()),
  ],
);

/**
 * Outbox of webhook events: written in the same transaction as the state change it reports (with the
 * pg-boss job that sends it), delivered by the webhook worker (`features/webhooks/delivery.ts`).
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: uuid("id").primaryKey(),
    appId: uuid("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    connectionId: uuid("connection_id").notNull(),
    externalId: text("external_id"),
    status: text("status").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    /** PENDING (attempts scheduled), WAITING (held: the endpoint is failing or disabled), DELIVERED, FAILED, SKIPPED (no URL). */
    deliveryState: text("delivery_state")
      .$type<"PENDING" | "WAITING" | "DELIVERED" | "FAILED" | "SKIPPED">()
      .notNull()
      .default("PENDING"),
    /** Attempts in the current schedule (a replay starts it again); every attempt is in webhook_attempts. */
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    /** A worker holds the event while it sends it: another job for it finds it held and stops. */
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("webhook_events_app_list_idx").on(t.appId, t.createdAt.desc(), t.id.desc()),
    index("webhook_events_app_state_idx").on(t.appId, t.deliveryState),
    index("webhook_events_prune_idx").on(t.createdAt),
  ],
);

/** Every delivery attempt: when, where, what came back (status, latency, the answer's first 2 KB) or the error. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: uuid("id").primaryKey(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => webhookEvents.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    url: text("url").notNull(),
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms").notNull(),
    response: text("response"),
    error: text("error"),
    manual: boolean("manual").notNull().default(false),
  },
  (t) => [index("webhook_attempts_event_idx").on(t.eventId, t.number)],
);

/**
 * Guessing limits' counts (`lib/rate-limit.ts`), shared by every API process: one row per counted event,
 * its key an HMAC (no address or user name in clear), times in milliseconds of the server's clock.
 */
export const rateLimitHits = pgTable(
  "rate_limit_hits",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    limiter: text("limiter").notNull(),
    key: text("key").notNull(),
    atMs: bigint("at_ms", { mode: "number" }).notNull(),
    expiresMs: bigint("expires_ms", { mode: "number" }).notNull(),
  },
  (t) => [
    index("rate_limit_hits_key_idx").on(t.limiter, t.key, t.atMs),
    index("rate_limit_hits_expiry_idx").on(t.expiresMs),
  ],
);

/**
 * The people who run Finlink, signing in to the console (`features/console`). The password is an scrypt hash
 * with its salt and parameters (`scrypt$<N>$<r>$<p>$<salt>$<hash>`); failures within a window lock the account.
 */
export const operators = pgTable("operators", {
  id: uuid("id").primaryKey(),
  username: text("username").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  failedAttempts: integer("failed_attempts").notNull().default(0),
  /** The first failure of the current window (null after a successful sign-in). */
  firstFailedAt: timestamp("first_failed_at", { withTimezone: true }),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
  /** Set by `finlink operators disable`: refused at sign-in (as a wrong password is), sessions ended. */
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
  createdAt: createdAt(),
});

/** Console sessions: only the SHA-256 of the cookie's session id is kept; absolute expiry and an idle timeout. */
export const operatorSessions = pgTable(
  "operator_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    operatorId: uuid("operator_id")
      .notNull()
      .references(() => operators.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("operator_sessions_expires_idx").on(t.expiresAt)],
);
