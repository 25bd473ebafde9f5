CREATE TYPE "public"."import_origin" AS ENUM('file', 'api', 'stream', 'portal');--> statement-breakpoint
CREATE TYPE "public"."import_status" AS ENUM('running', 'completed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."source_kind" AS ENUM('crm', 'billing', 'support', 'marketing', 'ecommerce', 'web', 'other');--> statement-breakpoint
CREATE TYPE "public"."record_status" AS ENUM('active', 'erased');--> statement-breakpoint
CREATE TYPE "public"."member_reason" AS ENUM('model', 'rule', 'steward', 'seed');--> statement-breakpoint
CREATE TYPE "public"."profile_status" AS ENUM('active', 'merged', 'erased');--> statement-breakpoint
CREATE TYPE "public"."resolution_run_kind" AS ENUM('full', 'incremental');--> statement-breakpoint
CREATE TYPE "public"."run_status" AS ENUM('queued', 'running', 'completed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."label_source" AS ENUM('steward', 'import');--> statement-breakpoint
CREATE TYPE "public"."merge_event_kind" AS ENUM('merge', 'unmerge', 'split', 'link', 'unlink');--> statement-breakpoint
CREATE TYPE "public"."review_task_kind" AS ENUM('pair', 'cluster');--> statement-breakpoint
CREATE TYPE "public"."review_task_status" AS ENUM('open', 'merged', 'rejected', 'dismissed');--> statement-breakpoint
CREATE TYPE "public"."interaction_channel" AS ENUM('purchase', 'ticket', 'email', 'web', 'call', 'sms', 'chat', 'store', 'other');--> statement-breakpoint
CREATE TYPE "public"."relationship_kind" AS ENUM('household', 'employer', 'parent_child', 'spouse', 'account_contact');--> statement-breakpoint
CREATE TYPE "public"."consent_status" AS ENUM('given', 'refused', 'withdrawn', 'expired');--> statement-breakpoint
CREATE TYPE "public"."legal_basis" AS ENUM('consent', 'contract', 'legal_obligation', 'vital_interest', 'public_task', 'legitimate_interest');--> statement-breakpoint
CREATE TYPE "public"."privacy_request_kind" AS ENUM('access', 'erasure', 'rectification', 'portability');--> statement-breakpoint
CREATE TYPE "public"."privacy_request_status" AS ENUM('received', 'verifying', 'in_progress', 'completed', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."privacy_step_status" AS ENUM('started', 'completed', 'failed', 'skipped');--> statement-breakpoint
CREATE TYPE "public"."glossary_decision" AS ENUM('approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."glossary_relation_kind" AS ENUM('related', 'synonym_of', 'antonym_of', 'preferred_term', 'replaces', 'is_a', 'valid_value_of');--> statement-breakpoint
CREATE TYPE "public"."glossary_term_status" AS ENUM('draft', 'in_review', 'approved', 'deprecated');--> statement-breakpoint
CREATE TYPE "public"."catalog_asset_kind" AS ENUM('source_system', 'dataset', 'column', 'standardized_field', 'golden_attribute', 'export', 'segment', 'dashboard', 'job');--> statement-breakpoint
CREATE TYPE "public"."catalog_origin" AS ENUM('platform', 'user', 'openlineage');--> statement-breakpoint
CREATE TYPE "public"."quality_dimension" AS ENUM('completeness', 'validity', 'uniqueness', 'consistency', 'freshness');--> statement-breakpoint
CREATE TYPE "public"."quality_issue_status" AS ENUM('open', 'assigned', 'resolved', 'wont_fix');--> statement-breakpoint
CREATE TYPE "public"."quality_run_trigger" AS ENUM('schedule', 'manual');--> statement-breakpoint
CREATE TYPE "public"."quality_scope" AS ENUM('source', 'golden');--> statement-breakpoint
CREATE TABLE "import_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"origin" "import_origin" NOT NULL,
	"file_name" text,
	"status" "import_status" DEFAULT 'running' NOT NULL,
	"rows_total" integer DEFAULT 0 NOT NULL,
	"rows_accepted" integer DEFAULT 0 NOT NULL,
	"rows_rejected" integer DEFAULT 0 NOT NULL,
	"rows_unchanged" integer DEFAULT 0 NOT NULL,
	"checkpoint" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"actor" text NOT NULL,
	"actor_user_id" uuid,
	CONSTRAINT "import_batches_counts_non_negative" CHECK ("import_batches"."rows_total" >= 0 and "import_batches"."rows_accepted" >= 0 and "import_batches"."rows_rejected" >= 0 and "import_batches"."rows_unchanged" >= 0 and "import_batches"."checkpoint" >= 0),
	CONSTRAINT "import_batches_finished_after_start" CHECK ("import_batches"."finished_at" is null or "import_batches"."finished_at" >= "import_batches"."started_at")
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" "source_kind" DEFAULT 'other' NOT NULL,
	"description" text,
	"field_mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"attribute_trust" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"api_token_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sources_name_key" UNIQUE("name"),
	CONSTRAINT "sources_name_not_blank" CHECK (length(trim("sources"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "source_record_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"record_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"raw" jsonb NOT NULL,
	"standardized" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"import_batch_id" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_record_versions_record_version_key" UNIQUE("record_id","version"),
	CONSTRAINT "source_record_versions_version_positive" CHECK ("source_record_versions"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "source_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"content_hash" text NOT NULL,
	"raw" jsonb NOT NULL,
	"standardized" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"blocking_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"profile_id" uuid,
	"status" "record_status" DEFAULT 'active' NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_records_source_external_key" UNIQUE("source_id","external_id"),
	CONSTRAINT "source_records_version_positive" CHECK ("source_records"."current_version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "suppressions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"identity_hash" text NOT NULL,
	"identity_kind" text NOT NULL,
	"reason" text NOT NULL,
	"privacy_request_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suppressions_identity_hash_key" UNIQUE("identity_hash")
);
--> statement-breakpoint
CREATE TABLE "golden_attributes" (
	"profile_id" uuid NOT NULL,
	"attribute" text NOT NULL,
	"value" jsonb NOT NULL,
	"source_record_id" uuid,
	"rule" text NOT NULL,
	"rule_detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "golden_attributes_pkey" PRIMARY KEY("profile_id","attribute")
);
--> statement-breakpoint
CREATE TABLE "match_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"version" integer NOT NULL,
	"model" jsonb NOT NULL,
	"trained_at" timestamp with time zone DEFAULT now() NOT NULL,
	"metrics" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	CONSTRAINT "match_models_name_version_key" UNIQUE("name","version")
);
--> statement-breakpoint
CREATE TABLE "profile_members" (
	"profile_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	"score" double precision,
	"reason" "member_reason" NOT NULL,
	"matched_by" text,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "profile_members_pkey" PRIMARY KEY("profile_id","record_id"),
	CONSTRAINT "profile_members_record_key" UNIQUE("record_id"),
	CONSTRAINT "profile_members_score_range" CHECK ("profile_members"."score" is null or ("profile_members"."score" >= 0 and "profile_members"."score" <= 1))
);
--> statement-breakpoint
CREATE TABLE "profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" "profile_status" DEFAULT 'active' NOT NULL,
	"merged_into_id" uuid,
	"display_name" text,
	"search_text" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "profiles_merged_iff_target" CHECK (("profiles"."status" = 'merged') = ("profiles"."merged_into_id" is not null)),
	CONSTRAINT "profiles_not_merged_into_self" CHECK ("profiles"."merged_into_id" is null or "profiles"."merged_into_id" <> "profiles"."id")
);
--> statement-breakpoint
CREATE TABLE "resolution_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "resolution_run_kind" NOT NULL,
	"status" "run_status" DEFAULT 'running' NOT NULL,
	"model_id" uuid,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"stats" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "labelled_pairs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"record_a_id" uuid NOT NULL,
	"record_b_id" uuid NOT NULL,
	"is_match" boolean NOT NULL,
	"source" "label_source" NOT NULL,
	"decided_by_id" uuid,
	"review_task_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "labelled_pairs_pair_key" UNIQUE("record_a_id","record_b_id"),
	CONSTRAINT "labelled_pairs_ordered" CHECK ("labelled_pairs"."record_a_id" < "labelled_pairs"."record_b_id")
);
--> statement-breakpoint
CREATE TABLE "merge_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "merge_event_kind" NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"reason" text,
	"profile_ids" uuid[] NOT NULL,
	"record_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"before" jsonb NOT NULL,
	"after" jsonb NOT NULL,
	"undoes_event_id" uuid,
	"review_task_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "review_task_kind" NOT NULL,
	"record_ids" uuid[] NOT NULL,
	"profile_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"score" double precision NOT NULL,
	"explanation" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" "review_task_status" DEFAULT 'open' NOT NULL,
	"resolution_run_id" uuid,
	"assignee_id" uuid,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_tasks_at_least_two_records" CHECK (cardinality("review_tasks"."record_ids") >= 2),
	CONSTRAINT "review_tasks_score_range" CHECK ("review_tasks"."score" >= 0 and "review_tasks"."score" <= 1),
	CONSTRAINT "review_tasks_decided_when_closed" CHECK ("review_tasks"."status" = 'open' or "review_tasks"."decided_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "interactions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"profile_id" uuid,
	"source_record_id" uuid,
	"source_id" uuid NOT NULL,
	"external_id" text,
	"channel" "interaction_channel" NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"amount" numeric(18, 4),
	"currency" text,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "interactions_source_external_key" UNIQUE("source_id","external_id"),
	CONSTRAINT "interactions_currency_code" CHECK ("interactions"."currency" is null or "interactions"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "interactions_amount_has_currency" CHECK ("interactions"."amount" is null or "interactions"."currency" is not null)
);
--> statement-breakpoint
CREATE TABLE "relationships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_profile_id" uuid NOT NULL,
	"to_profile_id" uuid,
	"account_name" text,
	"kind" "relationship_kind" NOT NULL,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "relationships_one_target" CHECK (num_nonnulls("relationships"."to_profile_id", "relationships"."account_name") = 1),
	CONSTRAINT "relationships_not_self" CHECK ("relationships"."to_profile_id" is null or "relationships"."to_profile_id" <> "relationships"."from_profile_id")
);
--> statement-breakpoint
CREATE TABLE "consent_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"profile_id" uuid,
	"subject_identities" jsonb NOT NULL,
	"purpose_id" uuid NOT NULL,
	"channel" text DEFAULT '' NOT NULL,
	"status" "consent_status" NOT NULL,
	"notice_id" uuid,
	"method" text NOT NULL,
	"origin" text,
	"user_agent" text,
	"captured_at" timestamp with time zone NOT NULL,
	"effective_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"idempotency_key" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consent_events_idempotency_key_key" UNIQUE("idempotency_key"),
	CONSTRAINT "consent_events_expiry_after_effect" CHECK ("consent_events"."expires_at" is null or "consent_events"."expires_at" > "consent_events"."effective_at")
);
--> statement-breakpoint
CREATE TABLE "consent_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notice_key" text NOT NULL,
	"purpose_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"published_at" timestamp with time zone,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consent_notices_key_version_key" UNIQUE("notice_key","version"),
	CONSTRAINT "consent_notices_id_purpose_key" UNIQUE("id","purpose_id"),
	CONSTRAINT "consent_notices_version_positive" CHECK ("consent_notices"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "consent_purposes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"channel" text,
	"legal_basis" "legal_basis" DEFAULT 'consent' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consent_purposes_key_key" UNIQUE("key"),
	CONSTRAINT "consent_purposes_key_format" CHECK ("consent_purposes"."key" ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$')
);
--> statement-breakpoint
CREATE TABLE "consent_state" (
	"profile_id" uuid NOT NULL,
	"purpose_id" uuid NOT NULL,
	"channel" text DEFAULT '' NOT NULL,
	"status" "consent_status" NOT NULL,
	"expires_at" timestamp with time zone,
	"last_event_id" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consent_state_pkey" PRIMARY KEY("profile_id","purpose_id","channel")
);
--> statement-breakpoint
CREATE TABLE "privacy_request_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"step" text NOT NULL,
	"status" "privacy_step_status" NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "privacy_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "privacy_request_kind" NOT NULL,
	"status" "privacy_request_status" DEFAULT 'received' NOT NULL,
	"subject" jsonb NOT NULL,
	"profile_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"verified_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"handled_by_id" uuid,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "privacy_requests_due_after_receipt" CHECK ("privacy_requests"."due_at" > "privacy_requests"."received_at")
);
--> statement-breakpoint
CREATE TABLE "glossary_approvals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"term_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"decision" "glossary_decision" NOT NULL,
	"comment" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "glossary_approvals_term_version_reviewer_key" UNIQUE("term_id","version","reviewer_id")
);
--> statement-breakpoint
CREATE TABLE "glossary_term_links" (
	"term_id" uuid NOT NULL,
	"asset_id" uuid NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "glossary_term_links_pkey" PRIMARY KEY("term_id","asset_id")
);
--> statement-breakpoint
CREATE TABLE "glossary_term_relations" (
	"term_id" uuid NOT NULL,
	"related_term_id" uuid NOT NULL,
	"kind" "glossary_relation_kind" NOT NULL,
	CONSTRAINT "glossary_term_relations_pkey" PRIMARY KEY("term_id","related_term_id","kind"),
	CONSTRAINT "glossary_term_relations_not_self" CHECK ("glossary_term_relations"."term_id" <> "glossary_term_relations"."related_term_id")
);
--> statement-breakpoint
CREATE TABLE "glossary_term_reviewers" (
	"term_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "glossary_term_reviewers_pkey" PRIMARY KEY("term_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "glossary_term_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"term_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"changed_by_id" uuid,
	"change_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "glossary_term_versions_term_version_key" UNIQUE("term_id","version")
);
--> statement-breakpoint
CREATE TABLE "glossary_terms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"definition" text DEFAULT '' NOT NULL,
	"synonyms" text[] DEFAULT '{}'::text[] NOT NULL,
	"domain" text,
	"parent_id" uuid,
	"owner_id" uuid,
	"status" "glossary_term_status" DEFAULT 'draft' NOT NULL,
	"classification" text[] DEFAULT '{}'::text[] NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "glossary_terms_slug_key" UNIQUE("slug"),
	CONSTRAINT "glossary_terms_slug_format" CHECK ("glossary_terms"."slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "glossary_terms_not_own_parent" CHECK ("glossary_terms"."parent_id" is null or "glossary_terms"."parent_id" <> "glossary_terms"."id")
);
--> statement-breakpoint
CREATE TABLE "catalog_assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "catalog_asset_kind" NOT NULL,
	"qualified_name" text NOT NULL,
	"name" text NOT NULL,
	"parent_id" uuid,
	"description" text,
	"owner_id" uuid,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"classification" text[] DEFAULT '{}'::text[] NOT NULL,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"registered_by" "catalog_origin" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalog_assets_qualified_name_key" UNIQUE("qualified_name")
);
--> statement-breakpoint
CREATE TABLE "lineage_edges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_asset_id" uuid NOT NULL,
	"to_asset_id" uuid NOT NULL,
	"transformation" text DEFAULT '' NOT NULL,
	"recorded_by" "catalog_origin" NOT NULL,
	"job_name" text,
	"run_id" text,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lineage_edges_from_to_transformation_key" UNIQUE("from_asset_id","to_asset_id","transformation")
);
--> statement-breakpoint
CREATE TABLE "openlineage_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_type" text NOT NULL,
	"event_time" timestamp with time zone NOT NULL,
	"run_id" text NOT NULL,
	"job_namespace" text NOT NULL,
	"job_name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_issue_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"issue_id" uuid NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_issues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_id" uuid NOT NULL,
	"run_id" uuid,
	"status" "quality_issue_status" DEFAULT 'open' NOT NULL,
	"assignee_id" uuid,
	"title" text NOT NULL,
	"sample_record_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by_id" uuid,
	CONSTRAINT "quality_issues_resolved_at_when_closed" CHECK (("quality_issues"."status" in ('resolved', 'wont_fix')) = ("quality_issues"."resolved_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "quality_results" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"checked" integer NOT NULL,
	"failed" integer NOT NULL,
	"score" double precision NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"measured_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quality_results_run_rule_key" UNIQUE("run_id","rule_id"),
	CONSTRAINT "quality_results_counts" CHECK ("quality_results"."checked" >= 0 and "quality_results"."failed" >= 0 and "quality_results"."failed" <= "quality_results"."checked"),
	CONSTRAINT "quality_results_score_range" CHECK ("quality_results"."score" >= 0 and "quality_results"."score" <= 1)
);
--> statement-breakpoint
CREATE TABLE "quality_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"dimension" "quality_dimension" NOT NULL,
	"scope" "quality_scope" NOT NULL,
	"source_id" uuid,
	"field" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"weight" double precision DEFAULT 1 NOT NULL,
	"threshold" double precision DEFAULT 0.95 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"auto_registered" boolean DEFAULT false NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quality_rules_source_iff_source_scope" CHECK (("quality_rules"."scope" = 'source') = ("quality_rules"."source_id" is not null)),
	CONSTRAINT "quality_rules_weight_non_negative" CHECK ("quality_rules"."weight" >= 0),
	CONSTRAINT "quality_rules_threshold_range" CHECK ("quality_rules"."threshold" >= 0 and "quality_rules"."threshold" <= 1)
);
--> statement-breakpoint
CREATE TABLE "quality_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trigger" "quality_run_trigger" NOT NULL,
	"status" "run_status" DEFAULT 'running' NOT NULL,
	"triggered_by_id" uuid,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"trust_score" double precision,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "quality_runs_trust_score_range" CHECK ("quality_runs"."trust_score" is null or ("quality_runs"."trust_score" >= 0 and "quality_runs"."trust_score" <= 100))
);
--> statement-breakpoint
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_record_versions" ADD CONSTRAINT "source_record_versions_record_id_source_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."source_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_record_versions" ADD CONSTRAINT "source_record_versions_import_batch_id_import_batches_id_fk" FOREIGN KEY ("import_batch_id") REFERENCES "public"."import_batches"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_records" ADD CONSTRAINT "source_records_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_records" ADD CONSTRAINT "source_records_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_privacy_request_id_privacy_requests_id_fk" FOREIGN KEY ("privacy_request_id") REFERENCES "public"."privacy_requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "golden_attributes" ADD CONSTRAINT "golden_attributes_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "golden_attributes" ADD CONSTRAINT "golden_attributes_source_record_id_source_records_id_fk" FOREIGN KEY ("source_record_id") REFERENCES "public"."source_records"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_members" ADD CONSTRAINT "profile_members_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_members" ADD CONSTRAINT "profile_members_record_id_source_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."source_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profiles" ADD CONSTRAINT "profiles_merged_into_id_profiles_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."profiles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_runs" ADD CONSTRAINT "resolution_runs_model_id_match_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."match_models"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labelled_pairs" ADD CONSTRAINT "labelled_pairs_record_a_id_source_records_id_fk" FOREIGN KEY ("record_a_id") REFERENCES "public"."source_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labelled_pairs" ADD CONSTRAINT "labelled_pairs_record_b_id_source_records_id_fk" FOREIGN KEY ("record_b_id") REFERENCES "public"."source_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labelled_pairs" ADD CONSTRAINT "labelled_pairs_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labelled_pairs" ADD CONSTRAINT "labelled_pairs_review_task_id_review_tasks_id_fk" FOREIGN KEY ("review_task_id") REFERENCES "public"."review_tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merge_events" ADD CONSTRAINT "merge_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merge_events" ADD CONSTRAINT "merge_events_undoes_event_id_merge_events_id_fk" FOREIGN KEY ("undoes_event_id") REFERENCES "public"."merge_events"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merge_events" ADD CONSTRAINT "merge_events_review_task_id_review_tasks_id_fk" FOREIGN KEY ("review_task_id") REFERENCES "public"."review_tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_tasks" ADD CONSTRAINT "review_tasks_resolution_run_id_resolution_runs_id_fk" FOREIGN KEY ("resolution_run_id") REFERENCES "public"."resolution_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_tasks" ADD CONSTRAINT "review_tasks_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_tasks" ADD CONSTRAINT "review_tasks_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_source_record_id_source_records_id_fk" FOREIGN KEY ("source_record_id") REFERENCES "public"."source_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationships" ADD CONSTRAINT "relationships_from_profile_id_profiles_id_fk" FOREIGN KEY ("from_profile_id") REFERENCES "public"."profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationships" ADD CONSTRAINT "relationships_to_profile_id_profiles_id_fk" FOREIGN KEY ("to_profile_id") REFERENCES "public"."profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_purpose_id_consent_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."consent_purposes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_notice_purpose_fk" FOREIGN KEY ("notice_id","purpose_id") REFERENCES "public"."consent_notices"("id","purpose_id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_notices" ADD CONSTRAINT "consent_notices_purpose_id_consent_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."consent_purposes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_notices" ADD CONSTRAINT "consent_notices_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_state" ADD CONSTRAINT "consent_state_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_state" ADD CONSTRAINT "consent_state_purpose_id_consent_purposes_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."consent_purposes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_state" ADD CONSTRAINT "consent_state_last_event_id_consent_events_id_fk" FOREIGN KEY ("last_event_id") REFERENCES "public"."consent_events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_request_log" ADD CONSTRAINT "privacy_request_log_request_id_privacy_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."privacy_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_requests" ADD CONSTRAINT "privacy_requests_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_requests" ADD CONSTRAINT "privacy_requests_handled_by_id_users_id_fk" FOREIGN KEY ("handled_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "glossary_approvals" ADD CONSTRAINT "glossary_approvals_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "glossary_approvals" ADD CONSTRAINT "glossary_approvals_term_version_fk" FOREIGN KEY ("term_id","version") REFERENCES "public"."glossary_term_versions"("term_id","version") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "glossary_term_links" ADD CONSTRAINT "glossary_term_links_term_id_glossary_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."glossary_terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "glossary_term_links" ADD CONSTRAINT "glossary_term_links_asset_id_catalog_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."catalog_assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "glossary_term_links" ADD CONSTRAINT "glossary_term_links_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "glossary_term_relations" ADD CONSTRAINT "glossary_term_relations_term_id_glossary_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."glossary_terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "glossary_term_relations" ADD CONSTRAINT "glossary_term_relations_related_term_id_glossary_terms_id_fk" FOREIGN KEY ("related_term_id") REFERENCES "public"."glossary_terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "glossary_term_reviewers" ADD CONSTRAINT "glossary_term_reviewers_term_id_glossary_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."glossary_terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "glossary_term_reviewers" ADD CONSTRAINT "glossary_term_reviewers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "glossary_term_versions" ADD CONSTRAINT "glossary_term_versions_term_id_glossary_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."glossary_terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "glossary_term_versions" ADD CONSTRAINT "glossary_term_versions_changed_by_id_users_id_fk" FOREIGN KEY ("changed_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "glossary_terms" ADD CONSTRAINT "glossary_terms_parent_id_glossary_terms_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."glossary_terms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "glossary_terms" ADD CONSTRAINT "glossary_terms_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "glossary_terms" ADD CONSTRAINT "glossary_terms_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_assets" ADD CONSTRAINT "catalog_assets_parent_id_catalog_assets_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."catalog_assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_assets" ADD CONSTRAINT "catalog_assets_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineage_edges" ADD CONSTRAINT "lineage_edges_from_asset_id_catalog_assets_id_fk" FOREIGN KEY ("from_asset_id") REFERENCES "public"."catalog_assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineage_edges" ADD CONSTRAINT "lineage_edges_to_asset_id_catalog_assets_id_fk" FOREIGN KEY ("to_asset_id") REFERENCES "public"."catalog_assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_issue_comments" ADD CONSTRAINT "quality_issue_comments_issue_id_quality_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."quality_issues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_issue_comments" ADD CONSTRAINT "quality_issue_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_issues" ADD CONSTRAINT "quality_issues_rule_id_quality_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."quality_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_issues" ADD CONSTRAINT "quality_issues_run_id_quality_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."quality_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_issues" ADD CONSTRAINT "quality_issues_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_issues" ADD CONSTRAINT "quality_issues_resolved_by_id_users_id_fk" FOREIGN KEY ("resolved_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_results" ADD CONSTRAINT "quality_results_run_id_quality_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."quality_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_results" ADD CONSTRAINT "quality_results_rule_id_quality_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."quality_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_rules" ADD CONSTRAINT "quality_rules_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_rules" ADD CONSTRAINT "quality_rules_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_runs" ADD CONSTRAINT "quality_runs_triggered_by_id_users_id_fk" FOREIGN KEY ("triggered_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_batches_source_started_idx" ON "import_batches" USING btree ("source_id","started_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "source_record_versions_batch_idx" ON "source_record_versions" USING btree ("import_batch_id");--> statement-breakpoint
CREATE INDEX "source_records_profile_idx" ON "source_records" USING btree ("profile_id");--> statement-breakpoint
CREATE INDEX "source_records_blocking_keys_idx" ON "source_records" USING gin ("blocking_keys");--> statement-breakpoint
CREATE INDEX "golden_attributes_source_record_idx" ON "golden_attributes" USING btree ("source_record_id");--> statement-breakpoint
CREATE INDEX "golden_attributes_attribute_idx" ON "golden_attributes" USING btree ("attribute");--> statement-breakpoint
CREATE UNIQUE INDEX "match_models_one_active_idx" ON "match_models" USING btree ("name") WHERE "match_models"."active";--> statement-breakpoint
CREATE INDEX "profiles_status_idx" ON "profiles" USING btree ("status");--> statement-breakpoint
CREATE INDEX "profiles_merged_into_idx" ON "profiles" USING btree ("merged_into_id");--> statement-breakpoint
CREATE INDEX "profiles_display_name_trgm_idx" ON "profiles" USING gin ("display_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "profiles_search_text_trgm_idx" ON "profiles" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "resolution_runs_started_idx" ON "resolution_runs" USING btree ("started_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "labelled_pairs_record_b_idx" ON "labelled_pairs" USING btree ("record_b_id");--> statement-breakpoint
CREATE INDEX "merge_events_profile_ids_idx" ON "merge_events" USING gin ("profile_ids");--> statement-breakpoint
CREATE INDEX "merge_events_created_idx" ON "merge_events" USING btree ("created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE UNIQUE INDEX "merge_events_undoes_key" ON "merge_events" USING btree ("undoes_event_id");--> statement-breakpoint
CREATE INDEX "review_tasks_status_score_idx" ON "review_tasks" USING btree ("status","score" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "review_tasks_status_created_idx" ON "review_tasks" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "review_tasks_assignee_idx" ON "review_tasks" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE INDEX "review_tasks_record_ids_idx" ON "review_tasks" USING gin ("record_ids");--> statement-breakpoint
CREATE UNIQUE INDEX "review_tasks_open_records_key" ON "review_tasks" USING btree ("record_ids") WHERE "review_tasks"."status" = 'open';--> statement-breakpoint
CREATE INDEX "interactions_profile_occurred_idx" ON "interactions" USING btree ("profile_id","occurred_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "interactions_source_record_idx" ON "interactions" USING btree ("source_record_id");--> statement-breakpoint
CREATE INDEX "interactions_channel_occurred_idx" ON "interactions" USING btree ("channel","occurred_at");--> statement-breakpoint
CREATE INDEX "relationships_to_profile_idx" ON "relationships" USING btree ("to_profile_id");--> statement-breakpoint
CREATE UNIQUE INDEX "relationships_unique_idx" ON "relationships" USING btree ("from_profile_id","kind",coalesce("to_profile_id"::text, "account_name"));--> statement-breakpoint
CREATE INDEX "consent_events_profile_purpose_idx" ON "consent_events" USING btree ("profile_id","purpose_id","effective_at");--> statement-breakpoint
CREATE INDEX "consent_events_purpose_idx" ON "consent_events" USING btree ("purpose_id","effective_at");--> statement-breakpoint
CREATE INDEX "consent_state_purpose_status_idx" ON "consent_state" USING btree ("purpose_id","status");--> statement-breakpoint
CREATE INDEX "privacy_request_log_request_idx" ON "privacy_request_log" USING btree ("request_id","at");--> statement-breakpoint
CREATE INDEX "privacy_requests_status_due_idx" ON "privacy_requests" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "privacy_requests_profile_idx" ON "privacy_requests" USING btree ("profile_id");--> statement-breakpoint
CREATE INDEX "glossary_term_links_asset_idx" ON "glossary_term_links" USING btree ("asset_id");--> statement-breakpoint
CREATE INDEX "glossary_term_relations_related_idx" ON "glossary_term_relations" USING btree ("related_term_id");--> statement-breakpoint
CREATE INDEX "glossary_terms_parent_idx" ON "glossary_terms" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "glossary_terms_status_idx" ON "glossary_terms" USING btree ("status");--> statement-breakpoint
CREATE INDEX "glossary_terms_name_trgm_idx" ON "glossary_terms" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "catalog_assets_parent_idx" ON "catalog_assets" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "catalog_assets_kind_idx" ON "catalog_assets" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "catalog_assets_name_trgm_idx" ON "catalog_assets" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "lineage_edges_to_idx" ON "lineage_edges" USING btree ("to_asset_id");--> statement-breakpoint
CREATE INDEX "openlineage_events_job_idx" ON "openlineage_events" USING btree ("job_namespace","job_name","event_time");--> statement-breakpoint
CREATE INDEX "openlineage_events_run_idx" ON "openlineage_events" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "quality_issue_comments_issue_idx" ON "quality_issue_comments" USING btree ("issue_id","created_at");--> statement-breakpoint
CREATE INDEX "quality_issues_status_created_idx" ON "quality_issues" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "quality_issues_assignee_idx" ON "quality_issues" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_issues_one_open_per_rule" ON "quality_issues" USING btree ("rule_id") WHERE "quality_issues"."status" in ('open', 'assigned');--> statement-breakpoint
CREATE INDEX "quality_results_rule_measured_idx" ON "quality_results" USING btree ("rule_id","measured_at");--> statement-breakpoint
CREATE INDEX "quality_rules_source_idx" ON "quality_rules" USING btree ("source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_rules_auto_key" ON "quality_rules" USING btree ("dimension","scope",coalesce("source_id"::text, ''),"field") WHERE "quality_rules"."auto_registered";--> statement-breakpoint
CREATE INDEX "quality_runs_started_idx" ON "quality_runs" USING btree ("started_at" DESC NULLS FIRST);