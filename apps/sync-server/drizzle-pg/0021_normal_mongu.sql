CREATE TABLE "fraud_tallies" (
	"merchant_id" text NOT NULL,
	"key" text NOT NULL,
	"window_end" bigint NOT NULL,
	"tally" text NOT NULL,
	CONSTRAINT "fraud_tallies_merchant_id_key_pk" PRIMARY KEY("merchant_id","key")
);
--> statement-breakpoint
ALTER TABLE "fraud_settings" ADD COLUMN "scanned_seq" bigint;--> statement-breakpoint
ALTER TABLE "fraud_settings" ADD COLUMN "scanned_at" bigint;--> statement-breakpoint
ALTER TABLE "fraud_tallies" ADD CONSTRAINT "fraud_tallies_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;