ALTER TABLE "source_records" ADD COLUMN "resolved_version" integer;--> statement-breakpoint
-- Every record already in a profile was decided at its current version (nothing recorded otherwise before this
-- column); records without a profile stay pending, as they were.
UPDATE "source_records" SET "resolved_version" = "current_version" WHERE "profile_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "source_records_pending_idx" ON "source_records" USING btree ("first_seen_at","id") WHERE status = 'active' and (profile_id is null or resolved_version < current_version);
