ALTER TABLE "campaign_recipients" ADD COLUMN "email_status" text;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "email_due_at" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "email_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "email" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "campaign_recipients_email" ON "campaign_recipients" USING btree ("email_status","email_due_at");