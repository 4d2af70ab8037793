PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_scope_log` (
	`merchant_id` text NOT NULL,
	`scope` text NOT NULL,
	`pos` integer NOT NULL,
	`seq` integer NOT NULL,
	PRIMARY KEY(`merchant_id`, `scope`, `pos`, `seq`)
);
--> statement-breakpoint
INSERT INTO `__new_scope_log`("merchant_id", "scope", "pos", "seq") SELECT "merchant_id", "scope", "pos", "seq" FROM `scope_log`;--> statement-breakpoint
DROP TABLE `scope_log`;--> statement-breakpoint
ALTER TABLE `__new_scope_log` RENAME TO `scope_log`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
DROP INDEX `cards_merchant_conflicts`;--> statement-breakpoint
CREATE INDEX `cards_conflicted` ON `cards` (`merchant_id`) WHERE "cards"."conflicts" > 0;