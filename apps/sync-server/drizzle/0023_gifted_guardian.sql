DROP INDEX `cards_merchant_program`;--> statement-breakpoint
CREATE INDEX `cards_merchant_program` ON `cards` (`merchant_id`,`program_id`,`id`);