CREATE TABLE `fraud_tallies` (
	`merchant_id` text NOT NULL,
	`key` text NOT NULL,
	`window_end` integer NOT NULL,
	`tally` text NOT NULL,
	PRIMARY KEY(`merchant_id`, `key`),
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `fraud_settings` ADD `scanned_seq` integer;--> statement-breakpoint
ALTER TABLE `fraud_settings` ADD `scanned_at` integer;