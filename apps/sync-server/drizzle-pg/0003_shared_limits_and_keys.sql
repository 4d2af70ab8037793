CREATE TABLE "rate_limit_buckets" (
	"limiter" text NOT NULL,
	"key" text NOT NULL,
	"tokens" double precision NOT NULL,
	"at" bigint NOT NULL,
	"full_at" bigint NOT NULL,
	CONSTRAINT "rate_limit_buckets_limiter_key_pk" PRIMARY KEY("limiter","key")
);
--> statement-breakpoint
CREATE TABLE "sealed_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"sealed" text NOT NULL,
	"version" integer NOT NULL
);
