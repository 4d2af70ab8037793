ALTER TABLE "merchants" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "website" text;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "address" text;