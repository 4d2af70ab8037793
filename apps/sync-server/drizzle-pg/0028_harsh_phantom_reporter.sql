ALTER TABLE "scope_log" DROP CONSTRAINT "scope_log_merchant_id_merchants_id_fk";
--> statement-breakpoint
DROP INDEX "cards_merchant_conflicts";--> statement-breakpoint
CREATE INDEX "cards_conflicted" ON "cards" USING btree ("merchant_id") WHERE "cards"."conflicts" > 0;