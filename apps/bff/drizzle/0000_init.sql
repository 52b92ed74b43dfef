CREATE SCHEMA IF NOT EXISTS "bff";
--> statement-breakpoint
CREATE TABLE "bff"."connections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"finlink_connection_id" uuid NOT NULL,
	"connection_token_enc" text NOT NULL,
	"entity" text NOT NULL,
	"entity_name" text,
	"status" text NOT NULL,
	"error_details" jsonb,
	"user_action" text,
	"two_factor_enabled" boolean NOT NULL,
	"last_sync" timestamp with time zone,
	"finlink_created_at" timestamp with time zone NOT NULL,
	"finlink_updated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connections_finlink_connection_id_unique" UNIQUE("finlink_connection_id")
);
--> statement-breakpoint
CREATE TABLE "bff"."link_states" (
	"id" uuid PRIMARY KEY NOT NULL,
	"state_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"operation" text NOT NULL,
	"connection_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "link_states_state_hash_unique" UNIQUE("state_hash")
);
--> statement-breakpoint
CREATE TABLE "bff"."sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bff"."users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "bff"."connections" ADD CONSTRAINT "connections_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "bff"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bff"."link_states" ADD CONSTRAINT "link_states_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "bff"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bff"."link_states" ADD CONSTRAINT "link_states_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "bff"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bff"."sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "bff"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connections_user_idx" ON "bff"."connections" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "link_states_expires_idx" ON "bff"."link_states" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "bff"."sessions" USING btree ("expires_at");