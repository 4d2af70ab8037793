CREATE TABLE "audit_log" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"at" bigint NOT NULL,
	"actor_id" text NOT NULL,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"detail" text
);
--> statement-breakpoint
CREATE TABLE "staff_locations" (
	"staff_id" text NOT NULL,
	"location_id" text NOT NULL,
	"removed_at" bigint,
	CONSTRAINT "staff_locations_staff_id_location_id_pk" PRIMARY KEY("staff_id","location_id")
);
--> statement-breakpoint
CREATE TABLE "staff_members" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"name" text NOT NULL,
	"admin_user_id" text,
	"pin" text,
	"created_at" bigint NOT NULL,
	"removed_at" bigint,
	CONSTRAINT "staff_members_admin_user_id_unique" UNIQUE("admin_user_id")
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "staff_id" text;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "staff_sign_in" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "staff_idle_minutes" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_locations" ADD CONSTRAINT "staff_locations_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_locations" ADD CONSTRAINT "staff_locations_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_members" ADD CONSTRAINT "staff_members_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_merchant_at" ON "audit_log" USING btree ("merchant_id","at","id");--> statement-breakpoint
CREATE INDEX "staff_locations_location" ON "staff_locations" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "staff_members_merchant" ON "staff_members" USING btree ("merchant_id");