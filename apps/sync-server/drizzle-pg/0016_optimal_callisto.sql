CREATE TABLE "admin_locations" (
	"user_id" text NOT NULL,
	"location_id" text NOT NULL,
	"merchant_id" text NOT NULL,
	CONSTRAINT "admin_locations_user_id_location_id_pk" PRIMARY KEY("user_id","location_id")
);
--> statement-breakpoint
ALTER TABLE "admin_locations" ADD CONSTRAINT "admin_locations_user_id_admin_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."admin_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_locations" ADD CONSTRAINT "admin_locations_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_locations" ADD CONSTRAINT "admin_locations_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_locations_merchant" ON "admin_locations" USING btree ("merchant_id");