ALTER TABLE `insight_pending` ADD `stage` text DEFAULT 'events' NOT NULL;--> statement-breakpoint
ALTER TABLE `insight_pending` ADD `through_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `insight_pending` ADD `cards_after` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `insight_pending` ADD `percent` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `insight_pending` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `insight_pending` ADD `lease_until` integer DEFAULT 0 NOT NULL;