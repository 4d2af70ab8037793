ALTER TABLE `campaign_recipients` ADD `email_status` text;--> statement-breakpoint
ALTER TABLE `campaign_recipients` ADD `email_due_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `campaign_recipients` ADD `email_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `campaign_recipients_email` ON `campaign_recipients` (`email_status`,`email_due_at`);--> statement-breakpoint
ALTER TABLE `campaigns` ADD `email` integer DEFAULT 0 NOT NULL;