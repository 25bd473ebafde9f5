DROP INDEX "source_records_profile_idx";--> statement-breakpoint
CREATE INDEX "source_records_profile_idx" ON "source_records" USING btree ("profile_id","source_id");