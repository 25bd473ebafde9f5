// A steward's decision on a review task: merge the profiles of its records, or reject the match. Either way the
// decision becomes labelled pairs for the model and the task closes, all in one transaction.
import { type Database, inTransaction } from "@c360/db/client";
import { profileMembers, reviewTasks } from "@c360/db/schema";
import { eq, inArray } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError, notFound } from "../errors";
import { mergeProfilesInTransaction } from "./merge-profiles";
import { parseInput } from "../parse-input";
import { allPairsOf, recordLabelledPairs } from "./record-labelled-pairs";
import { decideReviewTaskInput, type DecideReviewTaskInput } from "./stewardship-schemas";

export interface DecideReviewTaskResult {
  taskId: string;
  status: "merged" | "rejected";
  /** The merge event, when the decision merged profiles that were still apart. */
  mergeEventId: string | null;
  survivorId: string | null;
}

export async function decideReviewTask(
  db: Database,
  actor: Actor,
  input: DecideReviewTaskInput,
): Promise<DecideReviewTaskResult> {
  const data = parseInput(decideReviewTaskInput, input);
  return inTransaction(db, async (tx) => {
    const [task] = await tx.select().from(reviewTasks).where(eq(reviewTasks.id, data.taskId)).for("update");
    if (!task) throw notFound("Review task", data.taskId);
    if (task.status !== "open") {
      throw new AppError(
        "CONFLICT",
        `Review task ${task.id} was already decided (${task.status}${task.decidedAt ? `, ${task.decidedAt.toISOString()}` : ""}).`,
      );
    }
    let mergeEventId: string | null = null;
    let survivorId: string | null = null;
    if (data.decision === "merge") {
      // Where the records are now, not where they were when the task was raised: resolution may have moved them.
      const rows = await tx
        .select({ profileId: profileMembers.profileId })
        .from(profileMembers)
        .where(inArray(profileMembers.recordId, task.recordIds));
      const profileIds = [...new Set(rows.map((r) => r.profileId))];
      if (profileIds.length >= 2) {
        const merged = await mergeProfilesInTransaction(tx, actor, {
          profileIds,
          reason: data.note || `Review task ${task.id}: the steward confirmed the match.`,
          reviewTaskId: task.id,
        });
        mergeEventId = merged.eventId;
        survivorId = merged.survivorId;
      } else {
        survivorId = profileIds[0] ?? null;
      }
    }
    const status = data.decision === "merge" ? "merged" : "rejected";
    await recordLabelledPairs(tx, actor, allPairsOf(task.recordIds, data.decision === "merge"), task.id);
    await tx
      .update(reviewTasks)
      .set({ status, decidedById: actor.userId, decidedAt: new Date(), decisionNote: data.note || null })
      .where(eq(reviewTasks.id, task.id));
    await recordAudit(tx, actor, {
      action: "stewardship.review_decide",
      entityType: "review_task",
      entityId: task.id,
      details: { decision: data.decision, mergeEventId, records: task.recordIds.length },
    });
    return { taskId: task.id, status, mergeEventId, survivorId };
  });
}
