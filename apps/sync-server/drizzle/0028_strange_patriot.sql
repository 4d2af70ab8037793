CREATE TABLE `fraud_flags` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`key` text NOT NULL,
	`reason` text NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_id` text NOT NULL,
	`location_id` text,
	`window_start` integer NOT NULL,
	`window_end` integer NOT NULL,
	`count` integer NOT NULL,
	`items` text NOT NULL,
	`raised_at` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`reviewed_by` text,
	`reviewed_at` integer,
	`note` text,
	`alerted_at` integer,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fraud_flags_merchant_key` ON `fraud_flags` (`merchant_id`,`key`);--> statement-breakpoint
CREATE INDEX `fraud_flags_merchant_status` ON `fraud_flags` (`merchant_id`,`status`,`raised_at`,`id`);--> statement-breakpoint
CREATE TABLE `fraud_settings` (
	`merchant_id` text PRIMARY KEY NOT NULL,
	`settings` text NOT NULL,
	`last_alert_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
