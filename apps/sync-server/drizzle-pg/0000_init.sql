CREATE TABLE "admin_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admin_users" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "admin_users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"created_at" bigint NOT NULL,
	"revoked_at" bigint,
	CONSTRAINT "api_keys_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "card_vouchers" (
	"card_id" text NOT NULL,
	"cycle" integer NOT NULL,
	"body" text NOT NULL,
	"code" text,
	CONSTRAINT "card_vouchers_card_id_cycle_pk" PRIMARY KEY("card_id","cycle")
);
--> statement-breakpoint
CREATE TABLE "cards" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"program_id" text NOT NULL,
	"code" text NOT NULL,
	"profile" text,
	"created_at" bigint NOT NULL,
	"state" text NOT NULL,
	"vouchers_version" integer DEFAULT 0 NOT NULL,
	"stamps" integer NOT NULL,
	"cycles" integer NOT NULL,
	"last_hlc" text,
	"conflicts" integer NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"location_id" text,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"mode" text,
	"created_at" bigint NOT NULL,
	"revoked_at" bigint,
	"last_sync_at" bigint,
	"last_skew_ms" bigint,
	"drained_at" bigint
);
--> statement-breakpoint
CREATE TABLE "events" (
	"seq" bigint NOT NULL,
	"id" text NOT NULL,
	"merchant_id" text NOT NULL,
	"card_id" text NOT NULL,
	"device_id" text NOT NULL,
	"hlc" text NOT NULL,
	"type" text NOT NULL,
	"body" text NOT NULL,
	"received_at" bigint NOT NULL,
	"placed_at" bigint,
	CONSTRAINT "events_merchant_id_seq_pk" PRIMARY KEY("merchant_id","seq"),
	CONSTRAINT "events_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"merchant_id" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"response" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "idempotency_keys_merchant_id_key_pk" PRIMARY KEY("merchant_id","key")
);
--> statement-breakpoint
CREATE TABLE "locations" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"name" text NOT NULL,
	"staff_pin_salt" text NOT NULL,
	"staff_pin_iterations" integer NOT NULL,
	"staff_pin_hash" text NOT NULL,
	"created_at" bigint NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"relevant_text" text
);
--> statement-breakpoint
CREATE TABLE "merchant_logs" (
	"merchant_id" text PRIMARY KEY NOT NULL,
	"head" bigint NOT NULL,
	"pass_tag" bigint NOT NULL,
	"last_hlc" text
);
--> statement-breakpoint
CREATE TABLE "merchants" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pairing_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"location_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"used_at" bigint,
	"device_id" text
);
--> statement-breakpoint
CREATE TABLE "programs" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"slug" text NOT NULL,
	"version" integer NOT NULL,
	"body" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "programs_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "receipts" (
	"id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"program_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"count" integer NOT NULL,
	"amount" bigint,
	"currency" text,
	"order_ref" text,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"claimed_at" bigint,
	"card_id" text,
	"event_id" text,
	CONSTRAINT "receipts_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "server_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wallet_passes" (
	"card_id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"auth_token" text NOT NULL,
	"fingerprint" text NOT NULL,
	"updated_at" bigint NOT NULL,
	"update_seq" bigint NOT NULL,
	"google_object" integer DEFAULT 0 NOT NULL,
	"google_notice" text
);
--> statement-breakpoint
CREATE TABLE "wallet_push_jobs" (
	"card_id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"generation" integer NOT NULL,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"due_at" bigint NOT NULL,
	"locked_until" bigint NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "wallet_registrations" (
	"device_library_id" text NOT NULL,
	"pass_type_id" text NOT NULL,
	"card_id" text NOT NULL,
	"push_token" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "wallet_registrations_device_library_id_pass_type_id_card_id_pk" PRIMARY KEY("device_library_id","pass_type_id","card_id")
);
--> statement-breakpoint
ALTER TABLE "admin_sessions" ADD CONSTRAINT "admin_sessions_user_id_admin_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."admin_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_users" ADD CONSTRAINT "admin_users_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "card_vouchers" ADD CONSTRAINT "card_vouchers_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_logs" ADD CONSTRAINT "merchant_logs_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pairing_codes" ADD CONSTRAINT "pairing_codes_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pairing_codes" ADD CONSTRAINT "pairing_codes_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallet_passes" ADD CONSTRAINT "wallet_passes_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallet_passes" ADD CONSTRAINT "wallet_passes_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallet_push_jobs" ADD CONSTRAINT "wallet_push_jobs_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallet_push_jobs" ADD CONSTRAINT "wallet_push_jobs_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallet_registrations" ADD CONSTRAINT "wallet_registrations_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_merchant" ON "api_keys" USING btree ("merchant_id");--> statement-breakpoint
CREATE INDEX "card_vouchers_code" ON "card_vouchers" USING btree ("code");--> statement-breakpoint
CREATE INDEX "cards_merchant_program" ON "cards" USING btree ("merchant_id","program_id");--> statement-breakpoint
CREATE INDEX "cards_merchant_conflicts" ON "cards" USING btree ("merchant_id","conflicts");--> statement-breakpoint
CREATE INDEX "devices_merchant" ON "devices" USING btree ("merchant_id");--> statement-breakpoint
CREATE INDEX "events_card" ON "events" USING btree ("card_id");--> statement-breakpoint
CREATE INDEX "locations_merchant" ON "locations" USING btree ("merchant_id");--> statement-breakpoint
CREATE INDEX "programs_merchant" ON "programs" USING btree ("merchant_id");--> statement-breakpoint
CREATE INDEX "receipts_merchant" ON "receipts" USING btree ("merchant_id");--> statement-breakpoint
CREATE INDEX "wallet_passes_update_seq" ON "wallet_passes" USING btree ("update_seq");--> statement-breakpoint
CREATE INDEX "wallet_push_jobs_due" ON "wallet_push_jobs" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "wallet_registrations_card" ON "wallet_registrations" USING btree ("card_id");