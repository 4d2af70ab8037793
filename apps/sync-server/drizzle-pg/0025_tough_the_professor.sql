ALTER TABLE "insight_pending" ADD COLUMN "stage" text DEFAULT 'events' NOT NULL;--> statement-breakpoint
ALTER TABLE "insight_pending" ADD COLUMN "through_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "insight_pending" ADD COLUMN "cards_after" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "insight_pending" ADD COLUMN "percent" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "insight_pending" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "insight_pending" ADD COLUMN "lease_until" bigint DEFAULT 0 NOT NULL;