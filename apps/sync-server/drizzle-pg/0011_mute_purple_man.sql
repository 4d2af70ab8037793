CREATE TABLE "program_logos" (
	"program_id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"hash" text NOT NULL,
	"source" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"logo_1x" "bytea" NOT NULL,
	"logo_2x" "bytea" NOT NULL,
	"logo_3x" "bytea" NOT NULL,
	"icon_1x" "bytea" NOT NULL,
	"icon_2x" "bytea" NOT NULL,
	"icon_3x" "bytea" NOT NULL,
	"square" "bytea" NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "program_logos" ADD CONSTRAINT "program_logos_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_logos" ADD CONSTRAINT "program_logos_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;