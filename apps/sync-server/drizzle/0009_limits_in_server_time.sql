ALTER TABLE `devices` ADD `drained_at` integer;--> statement-breakpoint
ALTER TABLE `events` ADD `placed_at` integer;