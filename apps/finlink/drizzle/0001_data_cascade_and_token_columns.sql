-- Rows left behind by connections deleted before the foreign keys existed (issue 9, finding 2).
DELETE FROM "accounts" WHERE "connection_id" NOT IN (SELECT "id" FROM "connections");--> statement-breakpoint
DELETE FROM "investments" WHERE "connection_id" NOT IN (SELECT "id" FROM "connections");--> statement-breakpoint
DELETE FROM "portfolio_transactions" WHERE "connection_id" NOT IN (SELECT "id" FROM "connections");--> statement-breakpoint
DELETE FROM "portfolios" WHERE "connection_id" NOT IN (SELECT "id" FROM "connections");--> statement-breakpoint
DELETE FROM "positions" WHERE "connection_id" NOT IN (SELECT "id" FROM "connections");--> statement-breakpoint
DELETE FROM "transactions" WHERE "connection_id" NOT IN (SELECT "id" FROM "connections");--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "public_token_enc" text;--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "update_token_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "restore_token_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "investments" ADD CONSTRAINT "investments_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_transactions" ADD CONSTRAINT "portfolio_transactions_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolios" ADD CONSTRAINT "portfolios_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Update and restore tokens issued before expiry existed get the same 7 days from now (USER_TOKEN_TTL_MS).
UPDATE "connections" SET "update_token_expires_at" = now() + interval '7 days' WHERE "update_token_hash" IS NOT NULL;--> statement-breakpoint
UPDATE "connections" SET "restore_token_expires_at" = now() + interval '7 days' WHERE "restore_token_hash" IS NOT NULL;
