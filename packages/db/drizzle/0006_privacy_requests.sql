CREATE TABLE "instance_keys" (
	"name" text PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "privacy_requests" ADD COLUMN "subject_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "privacy_request_log_step_done_key" ON "privacy_request_log" USING btree ("request_id","step") WHERE "privacy_request_log"."status" = 'completed';--> statement-breakpoint
CREATE UNIQUE INDEX "privacy_requests_open_subject_key" ON "privacy_requests" USING btree ("kind","subject_key") WHERE "privacy_requests"."status" in ('received', 'verifying', 'in_progress');