import type { ConnectionStatus, ErrorDetails, WebhookType } from "@finlink/contracts";
import { boolean, index, jsonb, pgSchema, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** The BFF's own PostgreSQL schema: its tables never meet Finlink's, even in one database. */
export const bff = pgSchema("bff");

const instant = (name: string) => timestamp(name, { withTimezone: true });
const createdAt = () => instant("created_at").notNull().defaultNow();

/** A demo user, signed in by name (the stand-in for the integrator's real accounts). */
export const users = bff.table("users", {
  id: uuid("id").primaryKey(),
  name: text("name").notNull().unique(),
  createdAt: createdAt(),
});

/** A browser session; the cookie holds a random id, the table only its SHA-256. */
export const sessions = bff.table(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    lastSeenAt: instant("last_seen_at").notNull(),
    /** The absolute end (7 days after sign-in), whatever the activity. */
    expiresAt: instant("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_expires_idx").on(t.expiresAt)],
);

/** A connection of a user at Finlink; the connectionToken is kept encrypted (AES-256-GCM, AAD = the row id). */
export const connections = bff.table(
  "connections",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    finlinkConnectionId: uuid("finlink_connection_id").notNull().unique(),
    connectionTokenEnc: text("connection_token_enc").notNull(),
    entity: text("entity").notNull(),
    entityName: text("entity_name"),
    // The last status Finlink gave (a snapshot the SPA reads without a call to Finlink).
    status: text("status").$type<ConnectionStatus>().notNull(),
    errorDetails: jsonb("error_details").$type<ErrorDetails | null>(),
    userAction: text("user_action").$type<"UPDATE" | "RESTORE" | null>(),
    twoFactorEnabled: boolean("two_factor_enabled").notNull(),
    lastSync: instant("last_sync"),
    finlinkCreatedAt: instant("finlink_created_at").notNull(),
    finlinkUpdatedAt: instant("finlink_updated_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("connections_user_idx").on(t.userId)],
);

/**
 * One Link opening: the `state` sent to start-flow (stored hashed), bound to the user who asked, used once.
 * CONNECT states create a connection; UPDATE states (update or restore) name the connection they are for.
 */
export const linkStates = bff.table(
  "link_states",
  {
    id: uuid("id").primaryKey(),
    stateHash: text("state_hash").notNull().unique(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    operation: text("operation").$type<"CONNECT" | "UPDATE">().notNull(),
    connectionId: uuid("connection_id").references(() => connections.id, { onDelete: "cascade" }),
    expiresAt: instant("expires_at").notNull(),
    usedAt: instant("used_at"),
    /** sha256 of the publicToken this state's exchange was tried with: a later try of ours may replay it. */
    publicTokenHash: text("public_token_hash"),
    createdAt: createdAt(),
  },
  (t) => [
    index("link_states_expires_idx").on(t.expiresAt),
    index("link_states_user_token_idx").on(t.userId, t.publicTokenHash),
  ],
);

/**
 * Finlink webhooks received, by `webhookId`: Finlink delivers at least once, so a second delivery of one id
 * finds its row and changes nothing. Rows older than 7 days are pruned (Finlink's retries end after ~27 h).
 */
export const webhookReceipts = bff.table(
  "webhook_receipts",
  {
    webhookId: uuid("webhook_id").primaryKey(),
    type: text("type").$type<WebhookType>().notNull(),
    finlinkConnectionId: uuid("finlink_connection_id").notNull(),
    receivedAt: instant("received_at").notNull(),
  },
  (t) => [index("webhook_receipts_received_idx").on(t.receivedAt)],
);
