// One review task for the compare view: the task, its records (the pair or cluster) with where each is now, the
// engine's explanation typed as the engine wrote it, and the merge event a merged task can be undone through.
import type { Database } from "@c360/db/client";
import { mergeEvents, profileMembers, reviewTasks, sourceRecords, sources } from "@c360/db/schema";
import type { PairExplanation } from "@c360/matching";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { notFound } from "../errors";
import { parseInput } from "../parse-input";
import { getReviewTaskInput, type GetReviewTaskInput } from "./stewardship-schemas";

export type { ExplanationTerm, PairExplanation } from "@c360/matching";

export interface ReviewTaskRecord {
  id: string;
  sourceName: string;
  externalId: string;
  /** active or erased; "missing" if the record no longer exists. */
  status: "active" | "erased" | "missing";
  /** The profile the record belongs to now (resolution or a steward may have moved it since the task was raised). */
  profileId: string | null;
}

export interface ReviewTaskDetail extends Omit<typeof reviewTasks.$inferSelect, "explanation"> {
  /** null when the engine left none (a cluster task, or a task raised before explanations were stored). */
  explanation: PairExplanation | null;
  records: ReviewTaskRecord[];
  /** A proposal by a person or their agent (MCP): what they proposed and why; null for the engine's own tasks. */
  proposal: TaskProposal | null;
  /** For a merged task: the merge its decision made, and whether it has been undone. */
  mergeEvent: { id: string; survivorId: string; undone: boolean } | null;
}

export interface TaskProposal {
  kind: "merge" | "split";
  proposedBy: string;
  reason: string;
  /** For a split: the records said to belong to someone else. */
  leavingRecordIds: string[];
}

/** The proposal stored with a task by proposeMerge / proposeSplit, if it has that shape. */
export function asTaskProposal(value: unknown): TaskProposal | null {
  const p = (value as { proposal?: Partial<TaskProposal> } | null)?.proposal;
  if (
    !p ||
    (p.kind !== "merge" && p.kind !== "split") ||
    typeof p.proposedBy !== "string" ||
    typeof p.reason !== "string"
  )
    return null;
  const leaving = Array.isArray(p.leavingRecordIds)
    ? p.leavingRecordIds.filter((id) => typeof id === "string")
    : [];
  return { kind: p.kind, proposedBy: p.proposedBy, reason: p.reason, leavingRecordIds: leaving };
}

/** review_tasks.explanation is stored JSON: trust it as a PairExplanation only if it has that shape. */
export function asPairExplanation(value: unknown): PairExplanation | null {
  const v = value as Partial<PairExplanation> | null;
  const ok =
    !!v &&
    typeof v.recordA === "string" &&
    typeof v.recordB === "string" &&
    typeof v.priorWeight === "number" &&
    typeof v.totalWeight === "number" &&
    Array.isArray(v.terms) &&
    v.terms.every(
      (t) =>
        !!t &&
        typeof t.comparison === "string" &&
        typeof t.level === "string" &&
        typeof t.weight === "number",
    );
  return ok ? (v as PairExplanation) : null;
}

export async function getReviewTask(db: Database, input: GetReviewTaskInput): Promise<ReviewTaskDetail> {
  const data = parseInput(getReviewTaskInput, input);
  const [task] = await db.select().from(reviewTasks).where(eq(reviewTasks.id, data.taskId));
  if (!task) throw notFound("Review task", data.taskId);

  const rows = await db
    .select({
      id: sourceRecords.id,
      sourceName: sources.name,
      externalId: sourceRecords.externalId,
      status: sourceRecords.status,
      profileId: profileMembers.profileId,
    })
    .from(sourceRecords)
    .innerJoin(sources, eq(sources.id, sourceRecords.sourceId))
    .leftJoin(profileMembers, eq(profileMembers.recordId, sourceRecords.id))
    .where(inArray(sourceRecords.id, task.recordIds))
    .orderBy(asc(sourceRecords.id));
  // In the task's order; a record gone since keeps its place, marked missing.
  const byId = new Map(rows.map((r) => [r.id, r]));
  const records = task.recordIds.map(
    (id): ReviewTaskRecord =>
      byId.get(id) ?? { id, sourceName: "", externalId: "", status: "missing", profileId: null },
  );

  let mergeEvent: ReviewTaskDetail["mergeEvent"] = null;
  if (task.status === "merged") {
    const [event] = await db
      .select({
        id: mergeEvents.id,
        profileIds: mergeEvents.profileIds,
        // The outer row is named in full: drizzle writes a column of a one-table select unqualified ("id"), which
        // inside this subquery meant u.id, so an undone merge never read as undone.
        undoneBy: sql<
          string | null
        >`(select u.id from merge_events u where u.undoes_event_id = merge_events.id limit 1)`,
      })
      .from(mergeEvents)
      .where(and(eq(mergeEvents.reviewTaskId, task.id), isNull(mergeEvents.undoesEventId)))
      .limit(1);
    if (event) mergeEvent = { id: event.id, survivorId: event.profileIds[0]!, undone: !!event.undoneBy };
  }
  return {
    ...task,
    explanation: asPairExplanation(task.explanation),
    proposal: asTaskProposal(task.explanation),
    records,
    mergeEvent,
  };
}
