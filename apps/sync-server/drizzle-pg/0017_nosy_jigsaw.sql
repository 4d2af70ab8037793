CREATE TABLE "insight_cards" (
	"card_id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"location_id" text NOT NULL,
	"enrolled_at" bigint,
	"visits" integer NOT NULL,
	"last_visit_at" bigint
);
--> statement-breakpoint
CREATE TABLE "insight_hours" (
	"merchant_id" text NOT NULL,
	"hour" bigint NOT NULL,
	"location_id" text NOT NULL,
	"channel" text NOT NULL,
	"enrolled" integer NOT NULL,
	"visits" integer NOT NULL,
	"stamps" integer NOT NULL,
	"events" integer NOT NULL,
	CONSTRAINT "insight_hours_merchant_id_hour_location_id_channel_pk" PRIMARY KEY("merchant_id","hour","location_id","channel")
);
--> statement-breakpoint
CREATE TABLE "insight_pending" (
	"merchant_id" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insight_revoked" (
	"event_id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wallet_passes" ADD COLUMN "updates_lost_at" bigint;--> statement-breakpoint
ALTER TABLE "insight_cards" ADD CONSTRAINT "insight_cards_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_cards" ADD CONSTRAINT "insight_cards_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_hours" ADD CONSTRAINT "insight_hours_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_pending" ADD CONSTRAINT "insight_pending_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_revoked" ADD CONSTRAINT "insight_revoked_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "insight_cards_merchant_enrolled" ON "insight_cards" USING btree ("merchant_id","enrolled_at");--> statement-breakpoint
-- Hand-written: every merchant of the database so far gets its rollup rebuilt at the next start.
INSERT INTO "insight_pending" ("merchant_id") SELECT "id" FROM "merchants";
