ALTER TABLE `cards` ADD `insight_enrolled_at` integer;--> statement-breakpoint
ALTER TABLE `cards` ADD `insight_location_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `cards` ADD `insight_visits` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `cards` ADD `insight_last_visit_at` integer;--> statement-breakpoint
CREATE INDEX `cards_insight_enrolled` ON `cards` (`merchant_id`,`insight_enrolled_at`);--> statement-breakpoint
-- Hand-written: each card's rollup row moves onto the card (a stamp then writes the card once,
-- issue 13), before the table goes (drizzle wrote the DROP first; moved after this block).
UPDATE `cards` SET
  (`insight_enrolled_at`, `insight_location_id`, `insight_visits`, `insight_last_visit_at`) =
  (SELECT i.`enrolled_at`, i.`location_id`, i.`visits`, i.`last_visit_at`
   FROM `insight_cards` i WHERE i.`card_id` = `cards`.`id`)
WHERE `id` IN (SELECT `card_id` FROM `insight_cards`);--> statement-breakpoint
-- End of hand-written.
DROP TABLE `insight_cards`;
