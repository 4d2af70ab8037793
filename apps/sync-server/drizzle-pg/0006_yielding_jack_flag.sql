CREATE TABLE "card_scopes" (
	"card_id" text NOT NULL,
	"location_id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"joined_seq" bigint NOT NULL,
	CONSTRAINT "card_scopes_card_id_location_id_pk" PRIMARY KEY("card_id","location_id")
);
--> statement-breakpoint
CREATE TABLE "scope_log" (
	"merchant_id" text NOT NULL,
	"scope" text NOT NULL,
	"pos" bigint NOT NULL,
	"seq" bigint NOT NULL,
	CONSTRAINT "scope_log_merchant_id_scope_pos_seq_pk" PRIMARY KEY("merchant_id","scope","pos","seq")
);
--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "sync_scope" text DEFAULT 'location' NOT NULL;--> statement-breakpoint
ALTER TABLE "card_scopes" ADD CONSTRAINT "card_scopes_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_scopes" ADD CONSTRAINT "card_scopes_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_scopes" ADD CONSTRAINT "card_scopes_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scope_log" ADD CONSTRAINT "scope_log_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- Sync scopes (stamp-core SPEC SC1): a card belongs to the locations of the tills that made its
-- events; every event of such a card shows in each of them at its own position. Cards no till
-- has used show in every location ('*'). Tills keep their cursors: they are of the merchant scope.
INSERT INTO "card_scopes" ("card_id", "location_id", "merchant_id", "joined_seq")
SELECT e."card_id", d."location_id", e."merchant_id", min(e."seq")
FROM "events" e JOIN "devices" d ON d."id" = e."device_id"
WHERE d."location_id" IS NOT NULL
GROUP BY e."card_id", d."location_id", e."merchant_id";
--> statement-breakpoint
INSERT INTO "scope_log" ("merchant_id", "scope", "pos", "seq")
SELECT e."merchant_id", s."location_id", e."seq", e."seq"
FROM "events" e JOIN "card_scopes" s ON s."card_id" = e."card_id";
--> statement-breakpoint
INSERT INTO "scope_log" ("merchant_id", "scope", "pos", "seq")
SELECT e."merchant_id", '*', e."seq", e."seq" FROM "events" e
WHERE NOT EXISTS (SELECT 1 FROM "card_scopes" s WHERE s."card_id" = e."card_id");
