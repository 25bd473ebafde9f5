// A quality run: registers automatic rules, measures every enabled rule with set-based SQL, keeps the results as a
// time series, scores the Data Trust Score, opens/re-opens/closes issues and pre-aggregates the dashboard.
import { type Database, inTransaction } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { qualityResults, qualityRuns } from "@c360/db/schema";
import { eq, sql } from "drizzle-orm";
import { assertActorCan, type Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { measureDashboardFigures, type DashboardFigures } from "./measure-dashboard-figures";
import { measuredRowsSql, type MeasuredRule } from "./measured-rows";
import type { QualityDimension } from "./quality-fields";
import type { QualityRuleParams } from "./quality-schemas";
import { registerQualityRules } from "./register-quality-rules";
import { ruleFails, syncQualityIssues, type IssueChanges, type RuleOutcome } from "./sync-quality-issues";
import { computeTrustScore } from "./trust-score";

const SAMPLE_SIZE = 20;

export interface QualityRunSummary {
  dimensions: Record<QualityDimension, number | null>;
  rules: { measured: number; failing: number };
  /** Golden profiles sharing an email or phone with another profile, over profiles having one (golden uniqueness rules). */
  duplicateRate: { flagged: number; checked: number; rate: number | null };
  figures: DashboardFigures;
  issues: IssueChanges;
  [key: string]: unknown;
}

export interface QualityRunResult {
  runId: string;
  trustScore: number | null;
  summary: QualityRunSummary;
}

interface RuleRow extends MeasuredRule {
  name: string;
  weight: number;
  threshold: number;
  mapping: Record<string, string> | null;
}

/** Counts a rule's measured rows and takes a sample of the failing records (the first ids, for the issue). */
async function evaluateRule(db: Database, rule: RuleRow) {
  const measured = measuredRowsSql(rule, rule.mapping ?? {});
  const [counts] = await queryRows<{ checked: number; failed: number }>(
    db,
    sql`select count(*)::int as checked, count(*) filter (where m.failing)::int as failed from (${measured}) m`,
  );
  const checked = Number(counts?.checked ?? 0);
  const failed = Number(counts?.failed ?? 0);
  let sample: string[] = [];
  if (failed > 0) {
    const rows = await queryRows<{ record_id: string }>(
      db,
      sql`select m.record_id from (${measured}) m where m.failing and m.record_id is not null order by m.record_id limit ${SAMPLE_SIZE}`,
    );
    sample = rows.map((r) => r.record_id);
  }
  return { checked, failed, score: checked === 0 ? 1 : 1 - failed / checked, sample };
}

export async function runQualityChecks(
  db: Database,
  actor: Actor,
  options: { trigger?: "manual" | "schedule" } = {},
): Promise<QualityRunResult> {
  assertActorCan(actor, "quality:write");
  const trigger = options.trigger ?? "manual";
  const [run] = await db
    .insert(qualityRuns)
    .values({ trigger, status: "running", triggeredById: actor.userId })
    .returning({ id: qualityRuns.id });
  const runId = run!.id;
  try {
    const result = await inTransaction(db, async (tx) => {
      // One run at a time: two concurrent runs would race on the issues of the same rules.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('c360.quality_run'))`);
      await registerQualityRules(tx, actor);
      const rules = await queryRows<Record<string, unknown>>(
        tx,
        sql`select q.id, q.name, q.dimension, q.scope, q.source_id as "sourceId", q.field, q.params, q.weight, q.threshold, s.field_mapping as mapping
            from quality_rules q left join sources s on s.id = q.source_id where q.enabled order by q.id`,
      );
      const outcomes: (RuleOutcome & {
        dimension: QualityDimension;
        weight: number;
        scope: string;
        field: string;
      })[] = [];
      const measuredAt = new Date();
      for (const raw of rules) {
        const rule = {
          ...(raw as unknown as RuleRow),
          params: (raw.params ?? {}) as QualityRuleParams,
          weight: Number(raw.weight),
          threshold: Number(raw.threshold),
        };
        const { checked, failed, score, sample } = await evaluateRule(tx, rule);
        await tx.insert(qualityResults).values({
          runId,
          ruleId: rule.id,
          checked,
          failed,
          score,
          measuredAt,
          details: {
            threshold: rule.threshold,
            passed: !ruleFails({ score, threshold: rule.threshold, checked }),
          },
        });
        outcomes.push({
          ruleId: rule.id,
          ruleName: rule.name,
          score,
          threshold: rule.threshold,
          checked,
          failed,
          sampleRecordIds: sample,
          dimension: rule.dimension,
          weight: rule.weight,
          scope: rule.scope,
          field: rule.field,
        });
      }
      const { trustScore, dimensions } = computeTrustScore(outcomes);
      const issues = await syncQualityIssues(tx, runId, outcomes);
      const figures = await measureDashboardFigures(tx);
      const duplicateRules = outcomes.filter((o) => o.dimension === "uniqueness" && o.scope === "golden");
      const flagged = duplicateRules.reduce((n, o) => n + o.failed, 0);
      const checkedProfiles = duplicateRules.reduce((n, o) => n + o.checked, 0);
      const summary: QualityRunSummary = {
        dimensions,
        rules: {
          measured: outcomes.filter((o) => o.checked > 0).length,
          failing: outcomes.filter((o) => ruleFails(o)).length,
        },
        duplicateRate: {
          flagged,
          checked: checkedProfiles,
          rate: checkedProfiles > 0 ? flagged / checkedProfiles : null,
        },
        figures,
        issues,
      };
      await tx
        .update(qualityRuns)
        .set({ status: "completed", finishedAt: new Date(), trustScore, summary })
        .where(eq(qualityRuns.id, runId));
      await recordAudit(tx, actor, {
        action: "quality.run",
        entityType: "quality_run",
        entityId: runId,
        details: { trigger, trustScore, rules: summary.rules, issues },
      });
      return { runId, trustScore, summary };
    });
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .update(qualityRuns)
      .set({ status: "failed", finishedAt: new Date(), summary: { error: message } })
      .where(eq(qualityRuns.id, runId));
    await recordAudit(db, actor, {
      action: "quality.run_failed",
      entityType: "quality_run",
      entityId: runId,
      details: { trigger, error: message },
    });
    throw error;
  }
}
