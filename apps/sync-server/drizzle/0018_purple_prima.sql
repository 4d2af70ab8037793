ALTER TABLE `merchants` ADD `contact_phone` text;--> statement-breakpoint
ALTER TABLE `merchants` ADD `website` text;--> statement-breakpoint
ALTER TABLE `merchants` ADD `address` text;