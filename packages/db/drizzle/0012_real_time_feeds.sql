CREATE TABLE "record_changes" (
	"xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"record_id" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "golden_refresh_queue" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"profile_id" uuid NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "source_records_blocking_keys_idx";--> statement-breakpoint
DROP INDEX "golden_attributes_attribute_idx";--> statement-breakpoint
ALTER TABLE "golden_refresh_queue" ADD CONSTRAINT "golden_refresh_queue_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "record_changes_xid_idx" ON "record_changes" USING btree ("xid");--> statement-breakpoint
CREATE INDEX "record_changes_changed_at_idx" ON "record_changes" USING btree ("changed_at");--> statement-breakpoint
CREATE INDEX "golden_refresh_queue_profile_idx" ON "golden_refresh_queue" USING btree ("profile_id");--> statement-breakpoint
ALTER TABLE "source_records" DROP COLUMN "blocking_keys";--> statement-breakpoint
-- The feed is written by statement-level triggers over the transition tables: one insert per statement, whatever
-- its size. A full resolution run rewrites every record; it sets c360.full_resolution for its transaction and
-- writes one "everything changed" row (record_id null) instead of a row per record.
CREATE FUNCTION record_changes_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('c360.full_resolution', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO record_changes (record_id) SELECT n.id FROM new_rows n WHERE n.profile_id IS NOT NULL;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO record_changes (record_id)
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.profile_id IS DISTINCT FROM o.profile_id
         OR n.status IS DISTINCT FROM o.status
         OR n.standardized IS DISTINCT FROM o.standardized;
  ELSE
    INSERT INTO record_changes (record_id) SELECT o.id FROM old_rows o WHERE o.profile_id IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER source_records_changes_insert AFTER INSERT ON source_records
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_changes_capture();--> statement-breakpoint
CREATE TRIGGER source_records_changes_update AFTER UPDATE ON source_records
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_changes_capture();--> statement-breakpoint
CREATE TRIGGER source_records_changes_delete AFTER DELETE ON source_records
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION record_changes_capture();
