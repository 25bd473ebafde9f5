// The review queue: tasks by status and assignee, most valuable, most likely or oldest first, a page at a time.
import type { Database } from "@c360/db/client";
import { reviewTasks } from "@c360/db/schema";
import { and, asc, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { Actor } from "../actor";
import { parseInput } from "../parse-input";
import { listReviewTasksInput, type ListReviewTasksInput } from "./stewardship-schemas";

export type ReviewTaskRow = typeof reviewTasks.$inferSelect;

export async function listReviewTasks(
  db: Database,
  actor: Actor,
  input: ListReviewTasksInput = {},
): Promise<{ items: ReviewTaskRow[]; total: number }> {
  const data = parseInput(listReviewTasksInput, input);
  const filters: SQL[] = [eq(reviewTasks.status, data.status)];
  if (data.assignee === "unassigned") filters.push(isNull(reviewTasks.assigneeId));
  else if (data.assignee === "me")
    filters.push(actor.userId ? eq(reviewTasks.assigneeId, actor.userId) : sql`false`);
  else if (data.assignee) filters.push(eq(reviewTasks.assigneeId, data.assignee));
  const where = and(...filters);
  // Ties broken by id so pages never repeat or skip a task.
  const order =
    data.sort === "value"
      ? [desc(reviewTasks.priority), desc(reviewTasks.score), asc(reviewTasks.id)]
      : data.sort === "score"
        ? [desc(reviewTasks.score), asc(reviewTasks.id)]
        : [asc(reviewTasks.createdAt), asc(reviewTasks.id)];
  const [items, [count]] = await Promise.all([
    db
      .select()
      .from(reviewTasks)
      .where(where)
      .orderBy(...order)
      .limit(data.limit)
      .offset(data.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(reviewTasks)
      .where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}
