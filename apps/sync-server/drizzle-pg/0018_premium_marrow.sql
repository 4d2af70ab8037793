CREATE TABLE "card_regions" (
	"card_id" text NOT NULL,
	"region_id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"joined_seq" bigint NOT NULL,
	CONSTRAINT "card_regions_card_id_region_id_pk" PRIMARY KEY("card_id","region_id")
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"name" text NOT NULL,
	"version" integer NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "region_id" text;--> statement-breakpoint
ALTER TABLE "merchant_logs" ADD COLUMN "places_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "card_regions" ADD CONSTRAINT "card_regions_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_regions" ADD CONSTRAINT "card_regions_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_regions" ADD CONSTRAINT "card_regions_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "regions_merchant_name" ON "regions" USING btree ("merchant_id","name");--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;