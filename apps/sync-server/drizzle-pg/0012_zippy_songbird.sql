CREATE TABLE "automation_sends" (
	"automation_id" text NOT NULL,
	"card_id" text NOT NULL,
	"occasion" text NOT NULL,
	"campaign_id" text NOT NULL,
	"sent_at" bigint NOT NULL,
	CONSTRAINT "automation_sends_automation_id_card_id_occasion_pk" PRIMARY KEY("automation_id","card_id","occasion")
);
--> statement-breakpoint
CREATE TABLE "automations" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"program_id" text NOT NULL,
	"kind" text NOT NULL,
	"enabled" integer NOT NULL,
	"message" text NOT NULL,
	"settings" text NOT NULL,
	"updated_at" bigint NOT NULL,
	"next_run_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "email_status" text;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "email_due_at" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "email_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "email" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "automation_id" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "automation_rule" text;--> statement-breakpoint
ALTER TABLE "automation_sends" ADD CONSTRAINT "automation_sends_automation_id_automations_id_fk" FOREIGN KEY ("automation_id") REFERENCES "public"."automations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "automation_sends" ADD CONSTRAINT "automation_sends_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "automation_sends" ADD CONSTRAINT "automation_sends_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "automations" ADD CONSTRAINT "automations_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "automations" ADD CONSTRAINT "automations_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "automation_sends_recent" ON "automation_sends" USING btree ("automation_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "automations_program_kind" ON "automations" USING btree ("program_id","kind");--> statement-breakpoint
CREATE INDEX "automations_due" ON "automations" USING btree ("enabled","next_run_at");--> statement-breakpoint
CREATE INDEX "campaign_recipients_email" ON "campaign_recipients" USING btree ("email_status","email_due_at");--> statement-breakpoint
CREATE INDEX "campaigns_automation" ON "campaigns" USING btree ("automation_id","created_at");