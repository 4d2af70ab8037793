CREATE INDEX "card_regions_region_card" ON "card_regions" USING btree ("region_id","card_id");--> statement-breakpoint
CREATE INDEX "card_scopes_location_card" ON "card_scopes" USING btree ("location_id","card_id");--> statement-breakpoint
CREATE INDEX "cards_merchant_created" ON "cards" USING btree ("merchant_id","created_at","id");