CREATE TABLE `program_logos` (
	`program_id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`hash` text NOT NULL,
	`source` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`logo_1x` blob NOT NULL,
	`logo_2x` blob NOT NULL,
	`logo_3x` blob NOT NULL,
	`icon_1x` blob NOT NULL,
	`icon_2x` blob NOT NULL,
	`icon_3x` blob NOT NULL,
	`square` blob NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
