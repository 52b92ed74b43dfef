CREATE TABLE "accounts" (
	"connection_id" uuid NOT NULL,
	"id" text NOT NULL,
	"portfolio" text,
	"iban" text,
	"type" text NOT NULL,
	"alias" text NOT NULL,
	"balance" numeric(18, 2) NOT NULL,
	"currency" text NOT NULL,
	"owners" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "app_redirects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"app_id" uuid NOT NULL,
	"uri" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "apps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"client_secret_hash" text NOT NULL,
	"webhook_url" text,
	"start_flow_only" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"app_id" uuid NOT NULL,
	"entity_id" text NOT NULL,
	"external_id" text,
	"status" text NOT NULL,
	"error_details" jsonb,
	"public_token_hash" text,
	"public_token_expires_at" timestamp with time zone,
	"connection_token_hash" text,
	"exchanged_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"exchange_key" text,
	"exchange_response_enc" text,
	"credentials_enc" text,
	"update_token_hash" text,
	"update_token_enc" text,
	"restore_token_hash" text,
	"restore_token_enc" text,
	"two_factor_enabled" boolean DEFAULT false NOT NULL,
	"sync_run" integer DEFAULT 0 NOT NULL,
	"last_sync" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connections_public_token_hash_unique" UNIQUE("public_token_hash"),
	CONSTRAINT "connections_connection_token_hash_unique" UNIQUE("connection_token_hash"),
	CONSTRAINT "connections_update_token_hash_unique" UNIQUE("update_token_hash"),
	CONSTRAINT "connections_restore_token_hash_unique" UNIQUE("restore_token_hash")
);
--> statement-breakpoint
CREATE TABLE "investments" (
	"connection_id" uuid NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"isin" text NOT NULL,
	"currency" text NOT NULL,
	"exchange" text,
	"asset_type" text NOT NULL,
	CONSTRAINT "investments_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "link_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"app_id" uuid NOT NULL,
	"redirect_id" uuid NOT NULL,
	"operation" text NOT NULL,
	"connection_id" uuid,
	"params" jsonb NOT NULL,
	"entity_id" text,
	"step" text NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"credentials_enc" text,
	"connector_state_enc" text,
	"two_factor" boolean DEFAULT false NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "link_sessions_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "portfolio_transactions" (
	"connection_id" uuid NOT NULL,
	"id" text NOT NULL,
	"portfolio_id" text NOT NULL,
	"investment_id" text NOT NULL,
	"date" date NOT NULL,
	"value_date" date NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"shares" numeric NOT NULL,
	"currency" text NOT NULL,
	"description" text NOT NULL,
	"type" text NOT NULL,
	CONSTRAINT "portfolio_transactions_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "portfolios" (
	"connection_id" uuid NOT NULL,
	"id" text NOT NULL,
	"type" text NOT NULL,
	"owners" jsonb NOT NULL,
	"balance" numeric(18, 2) NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portfolios_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "positions" (
	"connection_id" uuid NOT NULL,
	"id" text NOT NULL,
	"portfolio_id" text NOT NULL,
	"investment_id" text NOT NULL,
	"shares" numeric NOT NULL,
	"average_price" numeric(18, 2) NOT NULL,
	"market_value" numeric(18, 2) NOT NULL,
	"currency" text NOT NULL,
	CONSTRAINT "positions_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"private_jwk_enc" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transactions" (
	"connection_id" uuid NOT NULL,
	"id" text NOT NULL,
	"account_id" text NOT NULL,
	"date" date NOT NULL,
	"value_date" date NOT NULL,
	"amount" numeric(18, 2) NOT NULL,
	"currency" text NOT NULL,
	"description" text NOT NULL,
	"type" text NOT NULL,
	"category" text,
	CONSTRAINT "transactions_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"app_id" uuid NOT NULL,
	"type" text NOT NULL,
	"connection_id" uuid NOT NULL,
	"external_id" text,
	"status" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "app_redirects" ADD CONSTRAINT "app_redirects_app_id_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_app_id_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "link_sessions" ADD CONSTRAINT "link_sessions_app_id_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_app_id_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "app_redirects_app_idx" ON "app_redirects" USING btree ("app_id");--> statement-breakpoint
CREATE INDEX "connections_app_external_idx" ON "connections" USING btree ("app_id","external_id");--> statement-breakpoint
CREATE INDEX "link_sessions_expires_idx" ON "link_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "portfolio_transactions_page_idx" ON "portfolio_transactions" USING btree ("connection_id","portfolio_id","date" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "positions_portfolio_idx" ON "positions" USING btree ("connection_id","portfolio_id");--> statement-breakpoint
CREATE INDEX "transactions_page_idx" ON "transactions" USING btree ("connection_id","account_id","date" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "webhook_events_pending_idx" ON "webhook_events" USING btree ("app_id") WHERE "webhook_events"."delivered_at" is null;