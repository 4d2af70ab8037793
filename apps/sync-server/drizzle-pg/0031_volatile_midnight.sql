ALTER TABLE "cards" ADD COLUMN "insight_enrolled_at" bigint;--> statement-breakpoint
ALTER TABLE "cards" ADD COLUMN "insight_location_id" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "cards" ADD COLUMN "insight_visits" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cards" ADD COLUMN "insight_last_visit_at" bigint;--> statement-breakpoint
CREATE INDEX "cards_insight_enrolled" ON "cards" USING btree ("merchant_id","insight_enrolled_at");--> statement-breakpoint
-- Hand-written: each card's rollup row moves onto the card (a stamp then writes the card once,
-- issue 13), before the table goes (drizzle wrote the DROP first; moved after this block).
UPDATE "cards" AS c SET "insight_enrolled_at" = i."enrolled_at",
  "insight_location_id" = i."location_id", "insight_visits" = i."visits",
  "insight_last_visit_at" = i."last_visit_at"
FROM "insight_cards" AS i WHERE i."card_id" = c."id";--> statement-breakpoint
-- End of hand-written.
ALTER TABLE "insight_cards" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "insight_cards" CASCADE;
