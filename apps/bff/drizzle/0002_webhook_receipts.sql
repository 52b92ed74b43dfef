CREATE TABLE "bff"."webhook_receipts" (
	"webhook_id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"finlink_connection_id" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "webhook_receipts_received_idx" ON "bff"."webhook_receipts" USING btree ("received_at");