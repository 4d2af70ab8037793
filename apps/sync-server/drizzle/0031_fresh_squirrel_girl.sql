CREATE TABLE `insight_days` (
	`merchant_id` text NOT NULL,
	`day` integer NOT NULL,
	`location_id` text NOT NULL,
	`channel` text NOT NULL,
	`enrolled` integer NOT NULL,
	`visits` integer NOT NULL,
	`stamps` integer NOT NULL,
	PRIMARY KEY(`merchant_id`, `day`, `location_id`, `channel`),
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `insight_rewards` (
	`card_id` text NOT NULL,
	`cycle` integer NOT NULL,
	`merchant_id` text NOT NULL,
	`issued_day` integer,
	`issued_location` text,
	`redeemed_day` integer,
	`redeemed_location` text,
	PRIMARY KEY(`card_id`, `cycle`),
	FOREIGN KEY (`card_id`) REFERENCES `cards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `insight_rewards_issued` ON `insight_rewards` (`merchant_id`,`issued_day`,`issued_location`);--> statement-breakpoint
CREATE INDEX `insight_rewards_redeemed` ON `insight_rewards` (`merchant_id`,`redeemed_day`,`redeemed_location`);--> statement-breakpoint
-- Hand-written: every merchant of the database so far gets its rollup rebuilt at the next start,
-- which fills insight_days and insight_rewards (those already pending stay so).
INSERT INTO `insight_pending` (`merchant_id`) SELECT `id` FROM `merchants` WHERE true
  ON CONFLICT (`merchant_id`) DO NOTHING;
