ALTER TABLE `cards` ADD `pass_fingerprint` text;--> statement-breakpoint
ALTER TABLE `cards` ADD `pass_updated_at` integer;--> statement-breakpoint
ALTER TABLE `cards` ADD `pass_seq` integer;--> statement-breakpoint
-- Hand-written: each card takes its pass's version (what it shows, its Last-Modified, its tag)
-- before the pass row gives those columns up.
UPDATE `cards` SET `pass_fingerprint` = p.`fingerprint`, `pass_updated_at` = p.`updated_at`,
  `pass_seq` = p.`update_seq`
FROM `wallet_passes` p WHERE p.`card_id` = `cards`.`id`;--> statement-breakpoint
-- End of hand-written.
ALTER TABLE `wallet_passes` DROP COLUMN `fingerprint`;--> statement-breakpoint
ALTER TABLE `wallet_passes` DROP COLUMN `updated_at`;--> statement-breakpoint
ALTER TABLE `wallet_passes` DROP COLUMN `update_seq`;