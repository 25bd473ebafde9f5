import type { Database } from "@c360/db/client";
import { labelledPairs, mergeEvents, profiles, reviewTasks, sourceRecords, users } from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { assignReviewTask } from "./assign-review-task";
import { decideReviewTask } from "./decide-review-task";
import { exportReviewTasks, type ReviewTaskExportRow } from "./export-review-tasks";
import { getReviewTask } from "./get-review-task";
import { listMergeEvents } from "./list-merge-events";
import { listReviewTasks } from "./list-review-tasks";
import { unmergeEvent } from "./unmerge-event";
import {
  auditActions,
  createProfile,
  createRecord,
  createSource,
  stewardActor,
} from "./stewardship-fixtures.testing";

describe("review tasks", () => {
  let handle: TestDatabase;
  let db: Database;
  let actor: Actor;
  let crm: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    actor = await stewardActor(db);
    crm = await createSource(db, "crm");
  });
  afterAll(async () => handle?.destroy());

  async function pairTask(score: number, createdAt = new Date()) {
    const r1 = await createRecord(db, crm, {
      first_name: "Kim",
      last_name: "Park",
      email: "kim@example.com",
    });
    const r2 = await createRecord(db, crm, {
      first_name: "Kim",
      last_name: "Parks",
      email: "kim@example.com",
    });
    const p1 = await createProfile(db, [r1], new Date("2024-01-01T00:00:00Z"));
    const p2 = await createProfile(db, [r2]);
    const [task] = await db
      .insert(reviewTasks)
      .values({ kind: "pair", recordIds: [r1, r2].sort(), profileIds: [p1, p2].sort(), score, createdAt })
      .returning();
    return { task: task!, r1, r2, p1, p2 };
  }

  it("a merge decision merges the profiles, labels the pair, closes the task and audits it", async () => {
    const { task, r1, r2, p1, p2 } = await pairTask(0.8);
    const result = await decideReviewTask(db, actor, {
      taskId: task.id,
      decision: "merge",
      note: "same email and name",
    });
    expect(result).toMatchObject({ status: "merged", survivorId: p1 });
    const [loser] = await db.select().from(profiles).where(eq(profiles.id, p2));
    expect(loser).toMatchObject({ status: "merged", mergedIntoId: p1 });
    const [event] = await db.select().from(mergeEvents).where(eq(mergeEvents.id, result.mergeEventId!));
    expect(event).toMatchObject({ kind: "merge", reviewTaskId: task.id, reason: "same email and name" });
    const [pair] = await db
      .select()
      .from(labelledPairs)
      .where(eq(labelledPairs.recordAId, [r1, r2].sort()[0]!));
    expect(pair).toMatchObject({
      isMatch: true,
      source: "steward",
      reviewTaskId: task.id,
      decidedById: actor.userId,
    });
    const [closed] = await db.select().from(reviewTasks).where(eq(reviewTasks.id, task.id));
    expect(closed).toMatchObject({
      status: "merged",
      decidedById: actor.userId,
      decisionNote: "same email and name",
    });
    expect(await auditActions(db)).toEqual(
      expect.arrayContaining(["stewardship.merge", "stewardship.review_decide"]),
    );
    const history = await listMergeEvents(db, { profileId: p2 });
    expect(history.map((e) => e.id)).toEqual([result.mergeEventId]);

    await expect(decideReviewTask(db, actor, { taskId: task.id, decision: "reject" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("already decided"),
    });
  });

  it("a reject decision labels the pair a non-match and leaves the profiles alone", async () => {
    const { task, r1, r2, p2 } = await pairTask(0.6);
    const result = await decideReviewTask(db, actor, { taskId: task.id, decision: "reject" });
    expect(result).toMatchObject({ status: "rejected", mergeEventId: null });
    const [pair] = await db
      .select()
      .from(labelledPairs)
      .where(eq(labelledPairs.recordAId, [r1, r2].sort()[0]!));
    expect(pair).toMatchObject({ isMatch: false, reviewTaskId: task.id });
    const [profile] = await db.select().from(profiles).where(eq(profiles.id, p2));
    expect(profile!.status).toBe("active");
    await expect(
      decideReviewTask(db, actor, { taskId: randomUUID(), decision: "reject" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("assigns tasks and lists the queue by assignee, score or age, a page at a time", async () => {
    const old = await pairTask(0.55, new Date("2020-01-01T00:00:00Z"));
    const high = await pairTask(0.95);
    const [admin] = await db.select().from(users).where(eq(users.email, "admin@example.com"));
    await assignReviewTask(db, actor, { taskId: high.task.id, assigneeId: actor.userId });
    await assignReviewTask(db, actor, { taskId: old.task.id, assigneeId: admin!.id });
    await expect(
      assignReviewTask(db, actor, { taskId: old.task.id, assigneeId: randomUUID() }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await auditActions(db)).toContain("stewardship.review_assign");

    const mine = await listReviewTasks(db, actor, { assignee: "me" });
    expect(mine.items.map((t) => t.id)).toEqual([high.task.id]);
    const byScore = await listReviewTasks(db, actor, { sort: "score", limit: 1 });
    expect(byScore.items[0]!.id).toBe(high.task.id);
    expect(byScore.total).toBeGreaterThanOrEqual(2);
    const byAge = await listReviewTasks(db, actor, { sort: "age", limit: 1 });
    expect(byAge.items[0]!.id).toBe(old.task.id);
    const second = await listReviewTasks(db, actor, { sort: "score", limit: 1, offset: 1 });
    expect(second.items[0]!.id).not.toBe(high.task.id);
    await assignReviewTask(db, actor, { taskId: high.task.id, assigneeId: null });
    expect((await listReviewTasks(db, actor, { assignee: "unassigned" })).items.map((t) => t.id)).toContain(
      high.task.id,
    );
  });
  it("exports the queue oldest first with each record as its source names it, the assignee and the probability", async () => {
    const older = await pairTask(0.61, new Date("2020-01-01T00:00:00Z"));
    const newer = await pairTask(0.83, new Date("2020-01-02T00:00:00Z"));
    await assignReviewTask(db, actor, { taskId: newer.task.id, assigneeId: actor.userId! });
    const rows = await exportReviewTasks(db);
    const ours = rows.filter((r) => r.taskId === older.task.id || r.taskId === newer.task.id);
    expect(ours.map((r) => r.taskId)).toEqual([older.task.id, newer.task.id]);
    expect(rows.every((r) => r.status === "open")).toBe(true);
    const [first, second] = ours as [ReviewTaskExportRow, ReviewTaskExportRow];
    expect(first).toMatchObject({
      kind: "pair",
      matchProbability: 0.61,
      recordIds: older.task.recordIds,
      profileIds: older.task.profileIds,
      assigneeEmail: null,
    });
    expect(second.assigneeEmail).toBe("steward@example.com");
    // The same records, as the source names them, in the task's order.
    const externalIds = await db
      .select({ id: sourceRecords.id, externalId: sourceRecords.externalId })
      .from(sourceRecords)
      .where(inArray(sourceRecords.id, older.task.recordIds));
    const byId = new Map(externalIds.map((r) => [r.id, r.externalId]));
    expect(first.sourceRecordIds).toEqual(older.task.recordIds.map((id) => `crm:${byId.get(id)}`));

    await decideReviewTask(db, actor, { taskId: older.task.id, decision: "reject" });
    expect((await exportReviewTasks(db)).some((r) => r.taskId === older.task.id)).toBe(false);
    expect((await exportReviewTasks(db, { status: "rejected" })).map((r) => r.taskId)).toContain(
      older.task.id,
    );
    expect((await exportReviewTasks(db, { status: "all" })).map((r) => r.taskId)).toEqual(
      expect.arrayContaining([older.task.id, newer.task.id]),
    );
    await expect(exportReviewTasks(db, { status: "pending" as never })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("reads one task with its records where they are now, its typed explanation and, once merged, its merge event", async () => {
    const { task, r1, r2, p1 } = await pairTask(0.7);
    const [a, b] = [r1, r2].sort() as [string, string];
    const explanation = {
      recordA: a,
      recordB: b,
      priorWeight: -9.5,
      terms: [
        {
          comparison: "email",
          level: "exact",
          valueA: "kim@example.com",
          valueB: "kim@example.com",
          weight: 8.1,
          termFrequencyAdjustment: 0.4,
        },
      ],
      totalWeight: -1,
      probability: 0.33,
      passesNameGate: true,
      decision: "review",
    };
    await db.update(reviewTasks).set({ explanation }).where(eq(reviewTasks.id, task.id));

    const open = await getReviewTask(db, { taskId: task.id });
    expect(open.explanation).toEqual(explanation);
    expect(open.records.map((r) => [r.id, r.sourceName, r.status])).toEqual([
      [a, "crm", "active"],
      [b, "crm", "active"],
    ]);
    expect(open.records.every((r) => r.externalId.startsWith("ext-"))).toBe(true);
    expect(open.mergeEvent).toBeNull();

    const decided = await decideReviewTask(db, actor, { taskId: task.id, decision: "merge" });
    const merged = await getReviewTask(db, { taskId: task.id });
    expect(merged.status).toBe("merged");
    expect(merged.records.map((r) => r.profileId)).toEqual([p1, p1]);
    expect(merged.mergeEvent).toEqual({ id: decided.mergeEventId, survivorId: p1, undone: false });

    // Undone, the task reads so on every later load (the page offered the undo again after a reload).
    await unmergeEvent(db, actor, { eventId: decided.mergeEventId!, reason: "two people" });
    const undone = await getReviewTask(db, { taskId: task.id });
    expect(undone.mergeEvent).toEqual({ id: decided.mergeEventId, survivorId: p1, undone: true });
    expect(new Set(undone.records.map((r) => r.profileId)).size).toBe(2);
    const history = await listMergeEvents(db, { profileId: p1 });
    const undo = history.find((e) => e.undoesEventId === decided.mergeEventId);
    expect(undo).toBeDefined();
    expect(history.find((e) => e.id === decided.mergeEventId)?.undoneByEventId).toBe(undo!.id);

    // Stored JSON that is not an engine explanation is not passed off as one.
    await db
      .update(reviewTasks)
      .set({ explanation: { note: "legacy" } })
      .where(eq(reviewTasks.id, task.id));
    expect((await getReviewTask(db, { taskId: task.id })).explanation).toBeNull();
    await expect(getReviewTask(db, { taskId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getReviewTask(db, { taskId: "not-a-uuid" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
