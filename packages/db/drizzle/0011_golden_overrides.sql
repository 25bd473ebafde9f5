CREATE TABLE "golden_overrides" (
	"profile_id" uuid NOT NULL,
	"attribute" text NOT NULL,
	"value" text NOT NULL,
	"note" text NOT NULL,
	"origin" text DEFAULT 'steward' NOT NULL,
	"set_by_user_id" uuid,
	"set_by" text NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "golden_overrides_pkey" PRIMARY KEY("profile_id","attribute"),
	CONSTRAINT "golden_overrides_note_present" CHECK (length(btrim("golden_overrides"."note")) > 0),
	CONSTRAINT "golden_overrides_origin" CHECK ("golden_overrides"."origin" in ('steward', 'rectification'))
);
--> statement-breakpoint
ALTER TABLE "golden_overrides" ADD CONSTRAINT "golden_overrides_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "golden_overrides" ADD CONSTRAINT "golden_overrides_set_by_user_id_users_id_fk" FOREIGN KEY ("set_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "golden_overrides_set_by_user_idx" ON "golden_overrides" USING btree ("set_by_user_id");