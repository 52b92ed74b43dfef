CREATE TABLE "notes" (
	"id" integer PRIMARY KEY NOT NULL,
	"body" text NOT NULL
);
--> statement-breakpoint
INSERT INTO "notes" ("id", "body") VALUES (0, 'seeded by the migration');
