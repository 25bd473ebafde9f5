// The executive dashboard's read model: the latest completed run's pre-aggregated summary and the trend of the
// runs before it. Reads quality_runs only (a few small rows), so its cost does not grow with the customer base.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { parseInput } from "../parse-input";
import type { QualityDimension } from "./quality-fields";
import { dashboardInput, type DashboardInput } from "./quality-schemas";
import type { QualityRunSummary } from "./run-quality-checks";
import { DIMENSION_WEIGHTS } from "./trust-score";

export interface TrendPoint {
  runId: string;
  finishedAt: Date;
  trustScore: number | null;
  dimensions: Partial<Record<QualityDimension, number | null>>;
  openReviewTasks: number | null;
  openQualityIssues: number | null;
}

export interface QualityDashboard {
  latest: {
    runId: string;
    finishedAt: Date;
    trigger: string;
    trustScore: number | null;
    summary: QualityRunSummary;
  } | null;
  /** Oldest first, the latest included. */
  trend: TrendPoint[];
  dimensionWeights: typeof DIMENSION_WEIGHTS;
}

export async function getQualityDashboard(db: Database, input?: DashboardInput): Promise<QualityDashboard> {
  const { trendRuns } = parseInput(dashboardInput, input);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select id, trigger, finished_at, trust_score, summary->'dimensions' as dimensions,
          (summary->'figures'->'stewardship'->>'openReviewTasks')::int as review_open,
          (summary->'figures'->'stewardship'->>'openQualityIssues')::int as issues_open
        from quality_runs where status = 'completed' order by started_at desc limit ${trendRuns}`,
  );
  const trend: TrendPoint[] = rows
    .map((r) => ({
      runId: r.id as string,
      finishedAt: new Date(r.finished_at as string),
      trustScore: r.trust_score === null ? null : Number(r.trust_score),
      dimensions: r.dimensions ?? {},
      openReviewTasks: r.review_open === null ? null : Number(r.review_open),
      openQualityIssues: r.issues_open === null ? null : Number(r.issues_open),
    }))
    .reverse();
  const newest = rows[0];
  if (!newest) return { latest: null, trend, dimensionWeights: DIMENSION_WEIGHTS };
  const [full] = await queryRows<{ summary: QualityRunSummary }>(
    db,
    sql`select summary from quality_runs where id = ${newest.id as string}::uuid`,
  );
  return {
    latest: {
      runId: newest.id as string,
      finishedAt: new Date(newest.finished_at as string),
      trigger: newest.trigger as string,
      trustScore: newest.trust_score === null ? null : Number(newest.trust_score),
      summary: full!.summary,
    },
    trend,
    dimensionWeights: DIMENSION_WEIGHTS,
  };
}
