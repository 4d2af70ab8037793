ALTER TABLE "wallet_passes" ADD COLUMN "fetched_at" bigint;--> statement-breakpoint
ALTER TABLE "wallet_passes" ADD COLUMN "fetched_seq" bigint;--> statement-breakpoint
ALTER TABLE "wallet_passes" ADD COLUMN "google_users" integer;--> statement-breakpoint
ALTER TABLE "wallet_passes" ADD COLUMN "google_lost_at" bigint;