CREATE TABLE `card_snapshots` (
	`card_id` text NOT NULL,
	`event_count` integer NOT NULL,
	`last_hlc` text NOT NULL,
	`last_id` text NOT NULL,
	`state` text NOT NULL,
	PRIMARY KEY(`card_id`, `event_count`),
	FOREIGN KEY (`card_id`) REFERENCES `cards`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
DROP INDEX `events_card`;--> statement-breakpoint
CREATE INDEX `events_card_hlc` ON `events` (`card_id`,`hlc`);