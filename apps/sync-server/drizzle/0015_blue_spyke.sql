CREATE TABLE `campaign_recipients` (
	`campaign_id` text NOT NULL,
	`card_id` text NOT NULL,
	`queued_at` integer NOT NULL,
	`listened` integer NOT NULL,
	`pushed_at` integer,
	`failures` integer DEFAULT 0 NOT NULL,
	`fetched_at` integer,
	PRIMARY KEY(`campaign_id`, `card_id`),
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`card_id`) REFERENCES `cards`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `campaign_recipients_card` ON `campaign_recipients` (`card_id`,`queued_at`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`program_id` text NOT NULL,
	`name` text NOT NULL,
	`message` text NOT NULL,
	`audience` text NOT NULL,
	`status` text NOT NULL,
	`send_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`cursor` text NOT NULL,
	`locked_until` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `campaigns_merchant` ON `campaigns` (`merchant_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `campaigns_due` ON `campaigns` (`status`,`send_at`);