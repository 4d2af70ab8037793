CREATE TABLE "region_members" (
	"merchant_id" text NOT NULL,
	"version" integer NOT NULL,
	"location_id" text NOT NULL,
	CONSTRAINT "region_members_merchant_id_version_location_id_pk" PRIMARY KEY("merchant_id","version","location_id")
);
--> statement-breakpoint
ALTER TABLE "region_members" ADD CONSTRAINT "region_members_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "region_members" ADD CONSTRAINT "region_members_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Hand-written: each region's current version lists the locations in it now (older versions list
-- none, so cursors of them are joins from the till's own location, as before).
INSERT INTO "region_members" ("merchant_id", "version", "location_id")
SELECT r."merchant_id", r."version", l."id" FROM "regions" r JOIN "locations" l ON l."region_id" = r."id";
-- End of hand-written.
