CREATE TYPE "public"."export_kind" AS ENUM('csv', 'webhook');--> statement-breakpoint
CREATE TYPE "public"."export_run_status" AS ENUM('running', 'completed', 'failed');--> statement-breakpoint
CREATE TABLE "activation_exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"segment_id" uuid NOT NULL,
	"purpose_id" uuid NOT NULL,
	"channel" text DEFAULT '' NOT NULL,
	"kind" "export_kind" NOT NULL,
	"webhook_url" text,
	"fields" jsonb NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activation_exports_name_key" UNIQUE("name"),
	CONSTRAINT "activation_exports_webhook_url" CHECK (("activation_exports"."kind" = 'webhook') = ("activation_exports"."webhook_url" is not null))
);
--> statement-breakpoint
CREATE TABLE "export_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"export_id" uuid NOT NULL,
	"segment_id" uuid NOT NULL,
	"purpose_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"kind" "export_kind" NOT NULL,
	"status" "export_run_status" DEFAULT 'running' NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"matched_count" integer DEFAULT 0 NOT NULL,
	"exported_count" integer DEFAULT 0 NOT NULL,
	"excluded_for_consent_count" integer DEFAULT 0 NOT NULL,
	"http_status" integer,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"definition" jsonb NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segments_name_key" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "activation_exports" ADD CONSTRAINT "activation_exports_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation_exports" ADD CONSTRAINT "activation_exports_purpose_id_consent_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."consent_purposes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation_exports" ADD CONSTRAINT "activation_exports_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "export_runs" ADD CONSTRAINT "export_runs_export_id_activation_exports_id_fk" FOREIGN KEY ("export_id") REFERENCES "public"."activation_exports"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "export_runs" ADD CONSTRAINT "export_runs_purpose_id_consent_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."consent_purposes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "export_runs" ADD CONSTRAINT "export_runs_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activation_exports_segment_idx" ON "activation_exports" USING btree ("segment_id");--> statement-breakpoint
CREATE INDEX "export_runs_export_started_idx" ON "export_runs" USING btree ("export_id","started_at");--> statement-breakpoint
-- A published notice version is what a person saw when they consented: it is evidence, so it is never edited.
-- An edit is a new row with the next version (core's reviseNotice). Only created_by_id may change (its user's
-- deletion sets it null); deleting a version is refused too, and the events' foreign key already refuses it when used.
CREATE FUNCTION "c360_consent_notices_immutable"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'created_by_id') = (to_jsonb(OLD) - 'created_by_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'consent_notices versions are immutable: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Publish a new version of the notice instead.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "consent_notices_immutable"
  BEFORE UPDATE OR DELETE ON "consent_notices"
  FOR EACH ROW EXECUTE FUNCTION "c360_consent_notices_immutable"();
