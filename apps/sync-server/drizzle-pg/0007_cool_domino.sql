CREATE TABLE "campaign_recipients" (
	"campaign_id" text NOT NULL,
	"card_id" text NOT NULL,
	"queued_at" bigint NOT NULL,
	"listened" integer NOT NULL,
	"pushed_at" bigint,
	"failures" integer DEFAULT 0 NOT NULL,
	"fetched_at" bigint,
	CONSTRAINT "campaign_recipients_campaign_id_card_id_pk" PRIMARY KEY("campaign_id","card_id")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"program_id" text NOT NULL,
	"name" text NOT NULL,
	"message" text NOT NULL,
	"audience" text NOT NULL,
	"status" text NOT NULL,
	"send_at" bigint NOT NULL,
	"created_at" bigint NOT NULL,
	"started_at" bigint,
	"finished_at" bigint,
	"cursor" text NOT NULL,
	"locked_until" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD CONSTRAINT "campaign_recipients_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD CONSTRAINT "campaign_recipients_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_recipients_card" ON "campaign_recipients" USING btree ("card_id","queued_at");--> statement-breakpoint
CREATE INDEX "campaigns_merchant" ON "campaigns" USING btree ("merchant_id","created_at");--> statement-breakpoint
CREATE INDEX "campaigns_due" ON "campaigns" USING btree ("status","send_at");