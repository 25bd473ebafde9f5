CREATE TABLE "prediction_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"horizon_days" integer NOT NULL,
	"trained_at" timestamp with time zone DEFAULT now() NOT NULL,
	"trained_by" text NOT NULL,
	"model" jsonb NOT NULL,
	"offers" jsonb NOT NULL,
	"metrics" jsonb NOT NULL,
	"profiles_scored" integer NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	CONSTRAINT "prediction_models_kind_version_key" UNIQUE("kind","version")
);
--> statement-breakpoint
CREATE TABLE "profile_predictions" (
	"profile_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"churn_probability" double precision NOT NULL,
	"reasons" jsonb NOT NULL,
	"offers" jsonb NOT NULL,
	CONSTRAINT "profile_predictions_pkey" PRIMARY KEY("profile_id","model_id")
);
--> statement-breakpoint
ALTER TABLE "profile_predictions" ADD CONSTRAINT "profile_predictions_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_predictions" ADD CONSTRAINT "profile_predictions_model_id_prediction_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."prediction_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "prediction_models_one_active_idx" ON "prediction_models" USING btree ("kind") WHERE "prediction_models"."active";--> statement-breakpoint
CREATE INDEX "profile_predictions_model_probability_idx" ON "profile_predictions" USING btree ("model_id","churn_probability" DESC NULLS LAST);