// Stewards work through quality issues: list, assign, comment, resolve (or accept as won't fix). Every change audited.
import { type Database, inTransaction } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { qualityIssueComments, qualityIssues, users } from "@c360/db/schema";
import { eq, sql } from "drizzle-orm";
import { assertActorCan, type Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError, notFound } from "../errors";
import { parseInput } from "../parse-input";
import {
  assignQualityIssueInput,
  commentQualityIssueInput,
  issueIdInput,
  listQualityIssuesInput,
  resolveQualityIssueInput,
  type AssignQualityIssueInput,
  type CommentQualityIssueInput,
  type IssueIdInput,
  type ListQualityIssuesInput,
  type ResolveQualityIssueInput,
} from "./quality-schemas";

export interface QualityIssueView {
  id: string;
  ruleId: string;
  ruleName: string;
  dimension: string;
  title: string;
  status: "open" | "assigned" | "resolved" | "wont_fix";
  assigneeId: string | null;
  assigneeEmail: string | null;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  comments: number;
}

const UNRESOLVED = ["open", "assigned"];

/** Quality issues by status and assignee ("me" is the caller: a steward's own work list). */
export async function listQualityIssues(
  db: Database,
  actor: Actor,
  input: ListQualityIssuesInput = {},
): Promise<{ items: QualityIssueView[]; total: number }> {
  const { status, assignee, limit, offset } = parseInput(listQualityIssuesInput, input);
  const statuses =
    status === "unresolved"
      ? UNRESOLVED
      : status === "all"
        ? ["open", "assigned", "resolved", "wont_fix"]
        : [status];
  const byStatus = sql`i.status::text in (${sql.join(
    statuses.map((s) => sql`${s}`),
    sql`, `,
  )})`;
  const assigneeId = assignee === "me" ? actor.userId : assignee;
  const byAssignee =
    assignee === undefined
      ? sql`true`
      : assignee === "nobody"
        ? sql`i.assignee_id is null`
        : assigneeId
          ? sql`i.assignee_id = ${assigneeId}::uuid`
          : sql`false`; // "me" for a caller who is not a user (a system actor) has no issues
  const where = sql`${byStatus} and ${byAssignee}`;
  const [count] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from quality_issues i where ${where}`,
  );
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select i.id, i.rule_id as "ruleId", q.name as "ruleName", q.dimension, i.title, i.status, i.assignee_id as "assigneeId", u.email as "assigneeEmail",
          i.created_at as "createdAt", i.updated_at as "updatedAt", i.resolved_at as "resolvedAt",
          (select count(*)::int from quality_issue_comments c where c.issue_id = i.id) as comments
        from quality_issues i join quality_rules q on q.id = i.rule_id left join users u on u.id = i.assignee_id
        where ${where} order by i.created_at, i.id limit ${limit} offset ${offset}`,
  );
  const date = (v: unknown) => (v === null ? null : new Date(v as string));
  return {
    items: rows.map((r) => ({
      ...(r as unknown as QualityIssueView),
      createdAt: date(r.createdAt)!,
      updatedAt: date(r.updatedAt)!,
      resolvedAt: date(r.resolvedAt),
      comments: Number(r.comments),
    })),
    total: Number(count?.n ?? 0),
  };
}

export async function getQualityIssue(db: Database, input: IssueIdInput) {
  const { issueId } = parseInput(issueIdInput, input);
  const [issue] = await db.select().from(qualityIssues).where(eq(qualityIssues.id, issueId));
  if (!issue) throw notFound("Quality issue", issueId);
  const comments = await queryRows<{ id: string; body: string; createdAt: string; author: string | null }>(
    db,
    sql`select c.id, c.body, c.created_at as "createdAt", u.email as author from quality_issue_comments c left join users u on u.id = c.author_id
        where c.issue_id = ${issueId}::uuid order by c.created_at, c.id`,
  );
  return {
    issue,
    comments: comments.map((c) => ({ ...c, createdAt: new Date(c.createdAt), author: c.author ?? "c360" })),
  };
}

async function lockIssue(tx: Database, issueId: string) {
  const [issue] = await tx.select().from(qualityIssues).where(eq(qualityIssues.id, issueId)).for("update");
  if (!issue) throw notFound("Quality issue", issueId);
  return issue;
}

export async function assignQualityIssue(db: Database, actor: Actor, input: AssignQualityIssueInput) {
  assertActorCan(actor, "quality:write");
  const data = parseInput(assignQualityIssueInput, input);
  return inTransaction(db, async (tx) => {
    const issue = await lockIssue(tx, data.issueId);
    if (!UNRESOLVED.includes(issue.status))
      throw new AppError(
        "CONFLICT",
        `Quality issue ${issue.id} is ${issue.status}; only unresolved issues are assigned.`,
      );
    if (data.assigneeId) {
      const [user] = await tx
        .select({ id: users.id, active: users.active })
        .from(users)
        .where(eq(users.id, data.assigneeId));
      if (!user) throw notFound("User", data.assigneeId);
      if (!user.active)
        throw new AppError(
          "BAD_REQUEST",
          `User ${data.assigneeId} is disabled; assign the issue to an active user.`,
        );
    }
    const status = data.assigneeId ? "assigned" : "open";
    await tx
      .update(qualityIssues)
      .set({ assigneeId: data.assigneeId, status })
      .where(eq(qualityIssues.id, issue.id));
    await recordAudit(tx, actor, {
      action: "quality.issue_assign",
      entityType: "quality_issue",
      entityId: issue.id,
      details: { assigneeId: data.assigneeId, previousAssigneeId: issue.assigneeId },
    });
    return { issueId: issue.id, status, assigneeId: data.assigneeId };
  });
}

export async function commentOnQualityIssue(db: Database, actor: Actor, input: CommentQualityIssueInput) {
  assertActorCan(actor, "quality:write");
  const data = parseInput(commentQualityIssueInput, input);
  return inTransaction(db, async (tx) => {
    const issue = await lockIssue(tx, data.issueId);
    const [comment] = await tx
      .insert(qualityIssueComments)
      .values({ issueId: issue.id, authorId: actor.userId, body: data.body })
      .returning();
    await tx.update(qualityIssues).set({ updatedAt: new Date() }).where(eq(qualityIssues.id, issue.id));
    await recordAudit(tx, actor, {
      action: "quality.issue_comment",
      entityType: "quality_issue",
      entityId: issue.id,
      details: { commentId: comment!.id },
    });
    return comment!;
  });
}

export async function resolveQualityIssue(db: Database, actor: Actor, input: ResolveQualityIssueInput) {
  assertActorCan(actor, "quality:write");
  const data = parseInput(resolveQualityIssueInput, input);
  return inTransaction(db, async (tx) => {
    const issue = await lockIssue(tx, data.issueId);
    if (!UNRESOLVED.includes(issue.status))
      throw new AppError("CONFLICT", `Quality issue ${issue.id} is already ${issue.status}.`);
    await tx
      .update(qualityIssues)
      .set({ status: data.outcome, resolvedAt: new Date(), resolvedById: actor.userId })
      .where(eq(qualityIssues.id, issue.id));
    if (data.note)
      await tx
        .insert(qualityIssueComments)
        .values({ issueId: issue.id, authorId: actor.userId, body: data.note });
    await recordAudit(tx, actor, {
      action: "quality.issue_resolve",
      entityType: "quality_issue",
      entityId: issue.id,
      details: { outcome: data.outcome },
    });
    return { issueId: issue.id, status: data.outcome };
  });
}
