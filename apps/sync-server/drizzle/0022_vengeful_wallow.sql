ALTER TABLE `admin_invitations` ADD `locale` text;--> statement-breakpoint
ALTER TABLE `admin_users` ADD `locale` text;