// After a run: a failing rule opens an issue (or re-opens its resolved one); a rule that passes again closes its issue.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { qualityIssueComments, qualityIssues } from "@c360/db/schema";
import { eq, sql } from "drizzle-orm";

export interface RuleOutcome {
  ruleId: string;
  ruleName: string;
  score: number;
  threshold: number;
  checked: number;
  failed: number;
  sampleRecordIds: string[];
}

export interface IssueChanges {
  opened: number;
  reopened: number;
  updated: number;
  autoResolved: number;
}

const percent = (score: number) => `${(score * 100).toFixed(1)}%`;

export function ruleFails(outcome: Pick<RuleOutcome, "score" | "threshold" | "checked">): boolean {
  return outcome.checked > 0 && outcome.score < outcome.threshold;
}

/** The latest issue of each rule (unresolved first): at most one is unresolved, by the partial unique index. */
async function latestIssues(
  db: Database,
): Promise<Map<string, { id: string; status: string; assigneeId: string | null }>> {
  const rows = await queryRows<{ id: string; rule_id: string; status: string; assignee_id: string | null }>(
    db,
    sql`select distinct on (rule_id) id, rule_id, status, assignee_id from quality_issues
        order by rule_id, (status in ('open', 'assigned')) desc, created_at desc`,
  );
  return new Map(rows.map((r) => [r.rule_id, { id: r.id, status: r.status, assigneeId: r.assignee_id }]));
}

export async function syncQualityIssues(
  db: Database,
  runId: string,
  outcomes: readonly RuleOutcome[],
): Promise<IssueChanges> {
  const changes: IssueChanges = { opened: 0, reopened: 0, updated: 0, autoResolved: 0 };
  const latest = await latestIssues(db);
  const comment = (issueId: string, body: string) =>
    db.insert(qualityIssueComments).values({ issueId, authorId: null, body });
  for (const outcome of outcomes) {
    const issue = latest.get(outcome.ruleId);
    const title = `${outcome.ruleName}: ${percent(outcome.score)} (threshold ${percent(outcome.threshold)}), ${outcome.failed} of ${outcome.checked} failing`;
    if (ruleFails(outcome)) {
      if (!issue) {
        await db
          .insert(qualityIssues)
          .values({ ruleId: outcome.ruleId, runId, title, sampleRecordIds: outcome.sampleRecordIds });
        changes.opened++;
      } else if (issue.status === "open" || issue.status === "assigned") {
        await db
          .update(qualityIssues)
          .set({ runId, title, sampleRecordIds: outcome.sampleRecordIds })
          .where(eq(qualityIssues.id, issue.id));
        changes.updated++;
      } else if (issue.status === "resolved") {
        // Marked fixed, but the data still fails: the same issue comes back, with its history and assignee.
        await db
          .update(qualityIssues)
          .set({
            runId,
            title,
            sampleRecordIds: outcome.sampleRecordIds,
            status: issue.assigneeId ? "assigned" : "open",
            resolvedAt: null,
            resolvedById: null,
          })
          .where(eq(qualityIssues.id, issue.id));
        await comment(
          issue.id,
          `Re-opened by a quality run: the rule still fails (${percent(outcome.score)}, ${outcome.failed} failing).`,
        );
        changes.reopened++;
      }
      // wont_fix: accepted as it is; the rule keeps scoring but raises no new issue.
    } else if (issue && (issue.status === "open" || issue.status === "assigned")) {
      await db
        .update(qualityIssues)
        .set({ runId, status: "resolved", resolvedAt: new Date(), resolvedById: null })
        .where(eq(qualityIssues.id, issue.id));
      await comment(
        issue.id,
        `Resolved by a quality run: the rule passes again (${percent(outcome.score)}).`,
      );
      changes.autoResolved++;
    }
  }
  return changes;
}
