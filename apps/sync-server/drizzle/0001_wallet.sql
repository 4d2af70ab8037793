CREATE TABLE `wallet_passes` (
	`card_id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`auth_token` text NOT NULL,
	`fingerprint` text NOT NULL,
	`updated_at` integer NOT NULL,
	`update_seq` integer NOT NULL,
	`google_object` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`card_id`) REFERENCES `cards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `wallet_passes_update_seq` ON `wallet_passes` (`update_seq`);--> statement-breakpoint
CREATE TABLE `wallet_push_jobs` (
	`card_id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`generation` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`due_at` integer NOT NULL,
	`locked_until` integer NOT NULL,
	`last_error` text,
	FOREIGN KEY (`card_id`) REFERENCES `cards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `wallet_push_jobs_due` ON `wallet_push_jobs` (`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `wallet_registrations` (
	`device_library_id` text NOT NULL,
	`pass_type_id` text NOT NULL,
	`card_id` text NOT NULL,
	`push_token` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`device_library_id`, `pass_type_id`, `card_id`),
	FOREIGN KEY (`card_id`) REFERENCES `cards`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `wallet_registrations_card` ON `wallet_registrations` (`card_id`);--> statement-breakpoint
ALTER TABLE `locations` ADD `latitude` real;--> statement-breakpoint
ALTER TABLE `locations` ADD `longitude` real;