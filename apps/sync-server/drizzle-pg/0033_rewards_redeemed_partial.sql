-- A batch writes an insight_rewards row for each voucher it issues, its redeemed_day still null;
-- the dashboard reads redeemed rewards by a range of days, so the index holds the redeemed ones
-- only and an issue writes no entry to it (issue 13).
DROP INDEX "insight_rewards_redeemed";--> statement-breakpoint
CREATE INDEX "insight_rewards_redeemed" ON "insight_rewards" USING btree ("merchant_id","redeemed_day","redeemed_location") WHERE "insight_rewards"."redeemed_day" IS NOT NULL;