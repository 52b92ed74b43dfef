CREATE TABLE "webhook_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"url" text NOT NULL,
	"status_code" integer,
	"latency_ms" integer NOT NULL,
	"response" text,
	"error" text,
	"manual" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
DROP INDEX "webhook_events_pending_idx";--> statement-breakpoint
ALTER TABLE "apps" ADD COLUMN "webhook_state" text DEFAULT 'ACTIVE' NOT NULL;--> statement-breakpoint
ALTER TABLE "apps" ADD COLUMN "webhook_state_reason" text;--> statement-breakpoint
ALTER TABLE "apps" ADD COLUMN "webhook_state_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "apps" ADD COLUMN "webhook_failing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "signing_keys" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "delivery_state" text DEFAULT 'PENDING' NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "last_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_event_id_webhook_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."webhook_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_attempts_event_idx" ON "webhook_attempts" USING btree ("event_id","number");--> statement-breakpoint
CREATE INDEX "webhook_events_app_list_idx" ON "webhook_events" USING btree ("app_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "webhook_events_app_state_idx" ON "webhook_events" USING btree ("app_id","delivery_state");--> statement-breakpoint
CREATE INDEX "webhook_events_prune_idx" ON "webhook_events" USING btree ("created_at");--> statement-breakpoint
-- Events recorded before delivery existed were never sent: they are not sent now either (a flood of stale news).
UPDATE "webhook_events" SET "delivery_state" = 'SKIPPED', "lease_until" = NULL;