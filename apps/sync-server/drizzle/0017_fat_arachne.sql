CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text NOT NULL,
	`actor_label` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`detail` text,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_merchant_at` ON `audit_log` (`merchant_id`,`at`,`id`);