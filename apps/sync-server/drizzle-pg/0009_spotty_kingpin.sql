CREATE TABLE "card_snapshots" (
	"card_id" text NOT NULL,
	"event_count" integer NOT NULL,
	"last_hlc" text NOT NULL,
	"last_id" text NOT NULL,
	"state" text NOT NULL,
	CONSTRAINT "card_snapshots_card_id_event_count_pk" PRIMARY KEY("card_id","event_count")
);
--> statement-breakpoint
DROP INDEX "events_card";--> statement-breakpoint
ALTER TABLE "card_snapshots" ADD CONSTRAINT "card_snapshots_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_card_hlc" ON "events" USING btree ("card_id","hlc");