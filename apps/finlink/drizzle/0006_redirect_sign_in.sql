ALTER TABLE "link_sessions" ADD COLUMN "redirect_state_hash" text;--> statement-breakpoint
ALTER TABLE "link_sessions" ADD COLUMN "redirect_enc" text;--> statement-breakpoint
ALTER TABLE "link_sessions" ADD COLUMN "redirect_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "link_sessions" ADD CONSTRAINT "link_sessions_redirect_state_hash_unique" UNIQUE("redirect_state_hash");