CREATE TYPE "public"."event_attribution" AS ENUM('user_id', 'anonymous_id', 'email', 'phone');--> statement-breakpoint
CREATE TYPE "public"."event_message_type" AS ENUM('identify', 'track', 'page', 'screen', 'group', 'alias');--> statement-breakpoint
CREATE TYPE "public"."event_unattributed_reason" AS ENUM('no_identity', 'unknown_user_id', 'unknown_anonymous_id', 'ambiguous_identity', 'unknown_identity');--> statement-breakpoint
CREATE TABLE "event_aliases" (
	"source_id" uuid NOT NULL,
	"anonymous_id" text NOT NULL,
	"user_id" text NOT NULL,
	"message_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_aliases_pkey" PRIMARY KEY("source_id","anonymous_id")
);
--> statement-breakpoint
CREATE TABLE "event_source_settings" (
	"source_id" uuid PRIMARY KEY NOT NULL,
	"user_id_source_id" uuid,
	"channels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"column_map" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"consent_purposes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"default_currency" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_source_settings_currency_code" CHECK ("event_source_settings"."default_currency" is null or "event_source_settings"."default_currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "message_type" "event_message_type";--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "message_id_derived" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "event" text;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "anonymous_id" text;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "user_id" text;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "contact_email" text;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "received_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "attributed_by" "event_attribution";--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "unattributed_reason" "event_unattributed_reason";--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "import_batch_id" uuid;--> statement-breakpoint
ALTER TABLE "event_aliases" ADD CONSTRAINT "event_aliases_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_source_settings" ADD CONSTRAINT "event_source_settings_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_source_settings" ADD CONSTRAINT "event_source_settings_user_id_source_id_sources_id_fk" FOREIGN KEY ("user_id_source_id") REFERENCES "public"."sources"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_aliases_user_idx" ON "event_aliases" USING btree ("source_id","user_id");--> statement-breakpoint
CREATE INDEX "source_records_std_email_idx" ON "source_records" USING btree (("standardized" ->> 'email')) WHERE status = 'active' and ("source_records"."standardized" ->> 'email') is not null;--> statement-breakpoint
CREATE INDEX "source_records_std_phone_idx" ON "source_records" USING btree (("standardized" ->> 'phone')) WHERE status = 'active' and ("source_records"."standardized" ->> 'phone') is not null;--> statement-breakpoint
CREATE INDEX "interactions_unattributed_anonymous_idx" ON "interactions" USING btree ("source_id","anonymous_id") WHERE "interactions"."unattributed_reason" is not null;--> statement-breakpoint
CREATE INDEX "interactions_unattributed_user_idx" ON "interactions" USING btree ("source_id","user_id") WHERE "interactions"."unattributed_reason" is not null;--> statement-breakpoint
CREATE INDEX "interactions_unattributed_email_idx" ON "interactions" USING btree ("contact_email") WHERE "interactions"."unattributed_reason" is not null and "interactions"."contact_email" is not null;--> statement-breakpoint
CREATE INDEX "interactions_unattributed_phone_idx" ON "interactions" USING btree ("contact_phone") WHERE "interactions"."unattributed_reason" is not null and "interactions"."contact_phone" is not null;--> statement-breakpoint
CREATE INDEX "interactions_unattributed_recorded_idx" ON "interactions" USING btree ("source_id","recorded_at") WHERE "interactions"."unattributed_reason" is not null;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_attribution_consistent" CHECK ("interactions"."unattributed_reason" is null or ("interactions"."source_record_id" is null and "interactions"."profile_id" is null));