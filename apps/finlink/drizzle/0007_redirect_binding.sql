ALTER TABLE "link_sessions" ADD COLUMN "redirect_ticket_hash" text;--> statement-breakpoint
ALTER TABLE "link_sessions" ADD COLUMN "redirect_binding_hash" text;--> statement-breakpoint
ALTER TABLE "link_sessions" ADD COLUMN "redirect_starts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "link_sessions" ADD COLUMN "sign_in_denied" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "link_sessions" ADD CONSTRAINT "link_sessions_redirect_ticket_hash_unique" UNIQUE("redirect_ticket_hash");