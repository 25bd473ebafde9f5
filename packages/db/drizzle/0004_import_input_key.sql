ALTER TABLE "import_batches" ADD COLUMN "input_key" text;--> statement-breakpoint
CREATE INDEX "import_batches_source_input_key_idx" ON "import_batches" USING btree ("source_id","input_key");