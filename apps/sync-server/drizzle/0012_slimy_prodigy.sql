ALTER TABLE `cards` ADD `number` text;--> statement-breakpoint
CREATE UNIQUE INDEX `cards_merchant_number` ON `cards` (`merchant_id`,`number`);