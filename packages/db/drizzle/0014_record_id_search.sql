-- Record ids leave profiles.search_text (core stops writing them; existing texts lose theirs at their profile's next
-- refresh): every link changed the text, and each such update re-inserted all of the profile's trigrams into both
-- trigram indexes. The search box finds ids, in any case and by their beginning, through this index instead.
CREATE INDEX "source_records_external_id_search_idx" ON "source_records" USING btree (lower("external_id") text_pattern_ops);