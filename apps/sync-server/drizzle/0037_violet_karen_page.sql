CREATE TABLE `region_members` (
	`merchant_id` text NOT NULL,
	`version` integer NOT NULL,
	`location_id` text NOT NULL,
	PRIMARY KEY(`merchant_id`, `version`, `location_id`),
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Hand-written: each region's current version lists the locations in it now (older versions list
-- none, so cursors of them are joins from the till's own location, as before).
INSERT INTO `region_members` (`merchant_id`, `version`, `location_id`)
SELECT r.`merchant_id`, r.`version`, l.`id` FROM `regions` r JOIN `locations` l ON l.`region_id` = r.`id`;
-- End of hand-written.
