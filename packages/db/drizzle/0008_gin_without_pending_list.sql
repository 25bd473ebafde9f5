-- The real-time path looks blocking keys up one by one; with GIN's fast-update pending list every lookup scans the
-- whole list, which a full resolution run fills with every record's keys. Turn it off and flush what is pending.
ALTER INDEX "source_records_blocking_keys_idx" SET (fastupdate = off);--> statement-breakpoint
SELECT gin_clean_pending_list('source_records_blocking_keys_idx'::regclass);
