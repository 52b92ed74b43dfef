ALTER TABLE "apps" ADD COLUMN "privacy_policy_url" text;--> statement-breakpoint
ALTER TABLE "apps" ADD COLUMN "terms_url" text;