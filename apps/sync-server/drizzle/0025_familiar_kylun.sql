CREATE TABLE `insight_cards` (
	`card_id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`location_id` text NOT NULL,
	`enrolled_at` integer,
	`visits` integer NOT NULL,
	`last_visit_at` integer,
	FOREIGN KEY (`card_id`) REFERENCES `cards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `insight_cards_merchant_enrolled` ON `insight_cards` (`merchant_id`,`enrolled_at`);--> statement-breakpoint
CREATE TABLE `insight_hours` (
	`merchant_id` text NOT NULL,
	`hour` integer NOT NULL,
	`location_id` text NOT NULL,
	`channel` text NOT NULL,
	`enrolled` integer NOT NULL,
	`visits` integer NOT NULL,
	`stamps` integer NOT NULL,
	`events` integer NOT NULL,
	PRIMARY KEY(`merchant_id`, `hour`, `location_id`, `channel`),
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `insight_pending` (
	`merchant_id` text PRIMARY KEY NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `insight_revoked` (
	`event_id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `wallet_passes` ADD `updates_lost_at` integer;--> statement-breakpoint
-- Hand-written: every merchant of the database so far gets its rollup rebuilt at the next start.
INSERT INTO `insight_pending` (`merchant_id`) SELECT `id` FROM `merchants`;
