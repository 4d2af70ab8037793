CREATE TABLE `automation_sends` (
	`automation_id` text NOT NULL,
	`card_id` text NOT NULL,
	`occasion` text NOT NULL,
	`campaign_id` text NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`automation_id`, `card_id`, `occasion`),
	FOREIGN KEY (`automation_id`) REFERENCES `automations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`card_id`) REFERENCES `cards`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `automation_sends_recent` ON `automation_sends` (`automation_id`,`sent_at`);--> statement-breakpoint
CREATE TABLE `automations` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`program_id` text NOT NULL,
	`kind` text NOT NULL,
	`enabled` integer NOT NULL,
	`message` text NOT NULL,
	`settings` text NOT NULL,
	`updated_at` integer NOT NULL,
	`next_run_at` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `automations_program_kind` ON `automations` (`program_id`,`kind`);--> statement-breakpoint
CREATE INDEX `automations_due` ON `automations` (`enabled`,`next_run_at`);--> statement-breakpoint
ALTER TABLE `campaign_recipients` ADD `email_status` text;--> statement-breakpoint
ALTER TABLE `campaign_recipients` ADD `email_due_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `campaign_recipients` ADD `email_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `campaign_recipients_email` ON `campaign_recipients` (`email_status`,`email_due_at`);--> statement-breakpoint
ALTER TABLE `campaigns` ADD `email` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `automation_id` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `automation_rule` text;--> statement-breakpoint
CREATE INDEX `campaigns_automation` ON `campaigns` (`automation_id`,`created_at`);