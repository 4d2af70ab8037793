CREATE TABLE `merchant_logs` (
	`merchant_id` text PRIMARY KEY NOT NULL,
	`head` integer NOT NULL,
	`pass_tag` integer NOT NULL,
	`last_hlc` text,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_events` (
	`seq` integer NOT NULL,
	`id` text NOT NULL,
	`merchant_id` text NOT NULL,
	`card_id` text NOT NULL,
	`device_id` text NOT NULL,
	`hlc` text NOT NULL,
	`type` text NOT NULL,
	`body` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`merchant_id`, `seq`),
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`card_id`) REFERENCES `cards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Positions per merchant, in the order the global sequence gave (a one-merchant install keeps its
-- numbers); rows go in that order too.
INSERT INTO `__new_events`("seq", "id", "merchant_id", "card_id", "device_id", "hlc", "type", "body", "received_at") SELECT row_number() OVER (PARTITION BY "merchant_id" ORDER BY "seq"), "id", "merchant_id", "card_id", "device_id", "hlc", "type", "body", "received_at" FROM `events` ORDER BY "seq";--> statement-breakpoint
DROP TABLE `events`;--> statement-breakpoint
ALTER TABLE `__new_events` RENAME TO `events`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `events_id_unique` ON `events` (`id`);--> statement-breakpoint
CREATE INDEX `events_card` ON `events` (`card_id`);--> statement-breakpoint
-- Every merchant's pass tags go on from the old global one, so a tag a device holds from before
-- still misses no later change.
INSERT INTO `merchant_logs` (`merchant_id`, `head`, `pass_tag`, `last_hlc`)
SELECT m.`id`,
  coalesce((SELECT max(e.`seq`) FROM `events` e WHERE e.`merchant_id` = m.`id`), 0),
  coalesce((SELECT max(p.`update_seq`) FROM `wallet_passes` p), 0),
  (SELECT max(e.`hlc`) FROM `events` e WHERE e.`merchant_id` = m.`id`)
FROM `merchants` m;
