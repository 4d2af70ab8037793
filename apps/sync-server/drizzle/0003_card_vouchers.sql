CREATE TABLE `card_vouchers` (
	`card_id` text NOT NULL,
	`cycle` integer NOT NULL,
	`body` text NOT NULL,
	PRIMARY KEY(`card_id`, `cycle`),
	FOREIGN KEY (`card_id`) REFERENCES `cards`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `cards` ADD `vouchers_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Cards stored before this migration hold their vouchers inline: move them to their rows.
INSERT INTO `card_vouchers` (`card_id`, `cycle`, `body`)
SELECT `cards`.`id`, json_extract(`v`.`value`, '$.cycle'), json(`v`.`value`)
FROM `cards`, json_each(`cards`.`state`, '$.vouchers') AS `v`;
--> statement-breakpoint
UPDATE `cards` SET `state` = json_remove(`state`, '$.vouchers');
