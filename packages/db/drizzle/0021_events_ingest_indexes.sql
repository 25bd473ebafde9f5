ALTER TABLE "interactions" DROP CONSTRAINT "interactions_profile_id_profiles_id_fk";
--> statement-breakpoint
ALTER TABLE "interactions" DROP CONSTRAINT "interactions_source_id_sources_id_fk";
--> statement-breakpoint
DROP INDEX "interactions_channel_occurred_idx";--> statement-breakpoint
DROP INDEX "interactions_profile_occurred_idx";--> statement-breakpoint
DROP INDEX "interactions_unattributed_anonymous_idx";--> statement-breakpoint
DROP INDEX "interactions_unattributed_user_idx";--> statement-breakpoint
DROP INDEX "interactions_source_record_idx";--> statement-breakpoint
CREATE INDEX "interactions_profile_occurred_idx" ON "interactions" USING btree ("profile_id","occurred_at" DESC NULLS FIRST) WHERE "interactions"."profile_id" is not null;--> statement-breakpoint
CREATE INDEX "interactions_unattributed_anonymous_idx" ON "interactions" USING btree ("source_id","anonymous_id") WHERE "interactions"."unattributed_reason" is not null and "interactions"."anonymous_id" is not null;--> statement-breakpoint
CREATE INDEX "interactions_unattributed_user_idx" ON "interactions" USING btree ("source_id","user_id") WHERE "interactions"."unattributed_reason" is not null and "interactions"."user_id" is not null;--> statement-breakpoint
CREATE INDEX "interactions_source_record_idx" ON "interactions" USING btree ("source_record_id") WHERE "interactions"."source_record_id" is not null;