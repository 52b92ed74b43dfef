-- Issue 10: Vumi's wire shapes. The connectionToken kept encrypted (credentialsToken), start-flow desiredOwners.
ALTER TABLE "connections" ADD COLUMN "connection_token_enc" text;--> statement-breakpoint
ALTER TABLE "connections" ADD COLUMN "desired_owners" jsonb;--> statement-breakpoint
-- Owners become Vumi's array of names: [{"name": "ANA", "role": "HOLDER"}] → ["ANA"].
UPDATE "accounts" SET "owners" = (SELECT coalesce(jsonb_agg(o->'name'), '[]'::jsonb) FROM jsonb_array_elements("owners") o) WHERE jsonb_typeof("owners"->0) = 'object';--> statement-breakpoint
UPDATE "portfolios" SET "owners" = (SELECT coalesce(jsonb_agg(o->'name'), '[]'::jsonb) FROM jsonb_array_elements("owners") o) WHERE jsonb_typeof("owners"->0) = 'object';--> statement-breakpoint
-- Investments: Vumi's unknown, relatedSecurity, spanishTaxExempt and managementCompany; an unknown one may lack an ISIN.
ALTER TABLE "investments" ALTER COLUMN "isin" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "investments" ADD COLUMN "unknown" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "investments" ADD COLUMN "related_security" text;--> statement-breakpoint
ALTER TABLE "investments" ADD COLUMN "spanish_tax_exempt" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "investments" ADD COLUMN "management_company" jsonb;--> statement-breakpoint
UPDATE "investments" SET "spanish_tax_exempt" = true WHERE "asset_type" IN ('FUND', 'PP');--> statement-breakpoint
-- Positions: Vumi's active positions. Rows stored so far are all in their portfolio's currency (rate 1); the
-- price is the value over the titles, in numeric (decimal) arithmetic.
ALTER TABLE "positions" ADD COLUMN "local_amount" numeric(18, 2);--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "price" numeric;--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "local_price" numeric;--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "local_currency" text;--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "exchange_rate" numeric;--> statement-breakpoint
UPDATE "positions" SET "local_amount" = "market_value", "price" = CASE WHEN "shares" = 0 THEN 0 ELSE round("market_value" / "shares", 6) END, "local_currency" = "currency", "exchange_rate" = 1;--> statement-breakpoint
UPDATE "positions" SET "local_price" = "price";--> statement-breakpoint
ALTER TABLE "positions" ALTER COLUMN "local_amount" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "positions" ALTER COLUMN "price" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "positions" ALTER COLUMN "local_price" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "positions" ALTER COLUMN "local_currency" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "positions" ALTER COLUMN "exchange_rate" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "positions" DROP COLUMN "average_price";--> statement-breakpoint
ALTER TABLE "positions" ADD COLUMN "sync_run" integer DEFAULT 0 NOT NULL;
