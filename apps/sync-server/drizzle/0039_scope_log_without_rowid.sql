-- Hand-written (drizzle cannot declare WITHOUT ROWID): scope_log becomes a table without a rowid,
-- so each entry is one row of its primary key's b-tree instead of a rowid row plus an index entry
-- (an append writes one entry per event and scope; issue 13). Reads go by the primary key either way.
CREATE TABLE `__new_scope_log` (
	`merchant_id` text NOT NULL,
	`scope` text NOT NULL,
	`pos` integer NOT NULL,
	`seq` integer NOT NULL,
	PRIMARY KEY(`merchant_id`, `scope`, `pos`, `seq`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_scope_log` (`merchant_id`, `scope`, `pos`, `seq`)
SELECT `merchant_id`, `scope`, `pos`, `seq` FROM `scope_log`;
--> statement-breakpoint
DROP TABLE `scope_log`;
--> statement-breakpoint
ALTER TABLE `__new_scope_log` RENAME TO `scope_log`;
-- End of hand-written.
