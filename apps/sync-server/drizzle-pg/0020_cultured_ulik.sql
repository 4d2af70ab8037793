CREATE TABLE "fraud_flags" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"key" text NOT NULL,
	"reason" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"location_id" text,
	"window_start" bigint NOT NULL,
	"window_end" bigint NOT NULL,
	"count" integer NOT NULL,
	"items" text NOT NULL,
	"raised_at" bigint NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"reviewed_by" text,
	"reviewed_at" bigint,
	"note" text,
	"alerted_at" bigint
);
--> statement-breakpoint
CREATE TABLE "fraud_settings" (
	"merchant_id" text PRIMARY KEY NOT NULL,
	"settings" text NOT NULL,
	"last_alert_at" bigint,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fraud_flags" ADD CONSTRAINT "fraud_flags_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fraud_settings" ADD CONSTRAINT "fraud_settings_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fraud_flags_merchant_key" ON "fraud_flags" USING btree ("merchant_id","key");--> statement-breakpoint
CREATE INDEX "fraud_flags_merchant_status" ON "fraud_flags" USING btree ("merchant_id","status","raised_at","id");