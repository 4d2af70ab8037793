CREATE TABLE `card_regions` (
	`card_id` text NOT NULL,
	`region_id` text NOT NULL,
	`merchant_id` text NOT NULL,
	`joined_seq` integer NOT NULL,
	PRIMARY KEY(`card_id`, `region_id`),
	FOREIGN KEY (`card_id`) REFERENCES `cards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `regions` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`name` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `regions_merchant_name` ON `regions` (`merchant_id`,`name`);--> statement-breakpoint
ALTER TABLE `locations` ADD `region_id` text REFERENCES regions(id);--> statement-breakpoint
ALTER TABLE `merchant_logs` ADD `places_version` integer DEFAULT 0 NOT NULL;