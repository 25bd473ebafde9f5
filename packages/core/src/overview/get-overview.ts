// The home page's numbers: what the platform holds right now, straight from the database.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";

export interface Overview {
  sources: number;
  sourceRecords: number;
  profiles: number;
  openReviewTasks: number;
  glossaryTerms: number;
  approvedGlossaryTerms: number;
  catalogAssets: number;
  lineageEdges: number;
  consentPurposes: number;
  openPrivacyRequests: number;
  overduePrivacyRequests: number;
  openQualityIssues: number;
  latestTrustScore: number | null;
  users: number;
}

/**
 * One round trip of scalar sub-queries. Exact counts are fine at demo and mid scale; at millions of rows
 * the quality issue's pre-aggregated results take over this role.
 */
export async function getOverview(db: Database): Promise<Overview> {
  const [row] = await queryRows<Record<string, number | string | null>>(
    db,
    sql`select
      (select count(*) from sources)::int as "sources",
      (select count(*) from source_records where status = 'active')::int as "sourceRecords",
      (select count(*) from profiles where status = 'active')::int as "profiles",
      (select count(*) from review_tasks where status = 'open')::int as "openReviewTasks",
      (select count(*) from glossary_terms)::int as "glossaryTerms",
      (select count(*) from glossary_terms where status = 'approved')::int as "approvedGlossaryTerms",
      (select count(*) from catalog_assets)::int as "catalogAssets",
      (select count(*) from lineage_edges)::int as "lineageEdges",
      (select count(*) from consent_purposes)::int as "consentPurposes",
      (select count(*) from privacy_requests where status not in ('completed', 'rejected'))::int as "openPrivacyRequests",
      (select count(*) from privacy_requests where status not in ('completed', 'rejected') and due_at < now())::int as "overduePrivacyRequests",
      (select count(*) from quality_issues where status in ('open', 'assigned'))::int as "openQualityIssues",
      (select trust_score from quality_runs where status = 'completed' order by finished_at desc nulls last limit 1) as "latestTrustScore",
      (select count(*) from users where active)::int as "users"`,
  );
  if (!row) throw new Error("The overview query returned no row.");
  const score = row.latestTrustScore;
  return {
    ...(row as unknown as Overview),
    latestTrustScore: score === null || score === undefined ? null : Number(score),
  };
}
