// Gives a review task to a steward (or takes it back), so two stewards do not work the same task.
import { type Database, inTransaction } from "@c360/db/client";
import { reviewTasks, users } from "@c360/db/schema";
import { eq } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError, notFound } from "../errors";
import { parseInput } from "../parse-input";
import { assignReviewTaskInput, type AssignReviewTaskInput } from "./stewardship-schemas";

export async function assignReviewTask(
  db: Database,
  actor: Actor,
  input: AssignReviewTaskInput,
): Promise<{ taskId: string; assigneeId: string | null }> {
  const data = parseInput(assignReviewTaskInput, input);
  return inTransaction(db, async (tx) => {
    const [task] = await tx.select().from(reviewTasks).where(eq(reviewTasks.id, data.taskId)).for("update");
    if (!task) throw notFound("Review task", data.taskId);
    if (task.status !== "open")
      throw new AppError(
        "CONFLICT",
        `Review task ${task.id} is already ${task.status}; only open tasks are assigned.`,
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
          `User ${data.assigneeId} is disabled; assign the task to an active steward.`,
        );
    }
    await tx.update(reviewTasks).set({ assigneeId: data.assigneeId }).where(eq(reviewTasks.id, task.id));
    await recordAudit(tx, actor, {
      action: "stewardship.review_assign",
      entityType: "review_task",
      entityId: task.id,
      details: { assigneeId: data.assigneeId, previousAssigneeId: task.assigneeId },
    });
    return { taskId: task.id, assigneeId: data.assigneeId };
  });
}
