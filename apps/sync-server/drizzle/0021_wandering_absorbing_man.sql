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
CREATE INDEX `audit_log_merchant_at` ON `audit_log` (`merchant_id`,`at`,`id`);--> statement-breakpoint
CREATE TABLE `staff_locations` (
	`staff_id` text NOT NULL,
	`location_id` text NOT NULL,
	`removed_at` integer,
	PRIMARY KEY(`staff_id`, `location_id`),
	FOREIGN KEY (`staff_id`) REFERENCES `staff_members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_locations_location` ON `staff_locations` (`location_id`);--> statement-breakpoint
CREATE TABLE `staff_members` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`name` text NOT NULL,
	`admin_user_id` text,
	`pin` text,
	`created_at` integer NOT NULL,
	`removed_at` integer,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_members_admin_user_id_unique` ON `staff_members` (`admin_user_id`);--> statement-breakpoint
CREATE INDEX `staff_members_merchant` ON `staff_members` (`merchant_id`);--> statement-breakpoint
ALTER TABLE `events` ADD `staff_id` text;--> statement-breakpoint
ALTER TABLE `locations` ADD `staff_sign_in` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `locations` ADD `staff_idle_minutes` integer DEFAULT 5 NOT NULL;