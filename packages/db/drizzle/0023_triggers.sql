CREATE TYPE "public"."trigger_delivery_status" AS ENUM('pending', 'sending', 'retrying', 'delivered', 'dead', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."trigger_skip_reason" AS ENUM('no_consent', 'capped');--> statement-breakpoint
CREATE TABLE "trigger_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trigger_id" uuid NOT NULL,
	"trigger_version" integer NOT NULL,
	"profile_id" uuid NOT NULL,
	"source_id" uuid,
	"message_id" text,
	"status" "trigger_delivery_status" NOT NULL,
	"skip_reason" "trigger_skip_reason",
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"job_id" uuid,
	"round" integer DEFAULT 0 NOT NULL,
	"queued_at" timestamp with time zone,
	"last_attempt_at" timestamp with time zone,
	"next_attempt_at" timestamp with time zone,
	"deadline_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"last_http_status" integer,
	"delivered_at" timestamp with time zone,
	"latency_ms" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trigger_deliveries_skip_reason" CHECK (("trigger_deliveries"."status" = 'skipped') = ("trigger_deliveries"."skip_reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "trigger_versions" (
	"trigger_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"enabled" boolean NOT NULL,
	"actor_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trigger_versions_trigger_id_version_pk" PRIMARY KEY("trigger_id","version")
);
--> statement-breakpoint
CREATE TABLE "triggers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"definition" jsonb NOT NULL,
	"secret" text,
	"updated_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "triggers_key_key" UNIQUE("key")
);
--> statement-breakpoint
ALTER TABLE "trigger_deliveries" ADD CONSTRAINT "trigger_deliveries_trigger_id_triggers_id_fk" FOREIGN KEY ("trigger_id") REFERENCES "public"."triggers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trigger_versions" ADD CONSTRAINT "trigger_versions_trigger_id_triggers_id_fk" FOREIGN KEY ("trigger_id") REFERENCES "public"."triggers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triggers" ADD CONSTRAINT "triggers_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "trigger_deliveries_trigger_created_idx" ON "trigger_deliveries" USING btree ("trigger_id","created_at");--> statement-breakpoint
CREATE INDEX "trigger_deliveries_cap_idx" ON "trigger_deliveries" USING btree ("trigger_id","profile_id","created_at");--> statement-breakpoint
CREATE INDEX "trigger_deliveries_unqueued_idx" ON "trigger_deliveries" USING btree ("created_at") WHERE "trigger_deliveries"."queued_at" is null and "trigger_deliveries"."status" = 'pending';