ALTER TABLE `wallet_passes` ADD `fetched_at` integer;--> statement-breakpoint
ALTER TABLE `wallet_passes` ADD `fetched_seq` integer;--> statement-breakpoint
ALTER TABLE `wallet_passes` ADD `google_users` integer;--> statement-breakpoint
ALTER TABLE `wallet_passes` ADD `google_lost_at` integer;