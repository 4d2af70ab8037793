ALTER TABLE "cards" ADD COLUMN "number" text;--> statement-breakpoint
CREATE UNIQUE INDEX "cards_merchant_number" ON "cards" USING btree ("merchant_id","number");