// Proposals (from people or their agents through MCP) become open review tasks; nothing moves until a steward decides.
import type { Database } from "@c360/db/client";
import { auditLog, profileMembers, reviewTasks } from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../actor";
import { failure } from "../errors.testing";
import { ensureDemoUsers } from "../users/ensure-demo-users";
import { demoActor } from "../users/demo-actor.testing";
import { decideReviewTask } from "./decide-review-task";
import { proposeMerge, proposeSplit } from "./propose-profile-change";
import { createProfile, createRecord, createSource, stewardActor } from "./stewardship-fixtures.testing";

describe("proposals to the stewards", () => {
  let handle: TestDatabase;
  let db: Database;
  let analyst: Actor;
  let steward: Actor;
  let crm: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    await ensureDemoUsers(db);
    analyst = await demoActor(db, "analyst@example.com");
    steward = await stewardActor(db);
    crm = await createSource(db, "crm");
  });
  afterAll(async () => handle?.destroy());

  it("a split proposal opens one task over the leaving records and one that stays; the profile is untouched", async () => {
    const a = await createRecord(db, crm, { first_name: "Ann", last_name: "Lee", email: "ann@example.com" });
    const b = await createRecord(db, crm, { first_name: "Ann", last_name: "Lee", phone: "+44 20 7946 0958" });
    const c = await createRecord(db, crm, {
      first_name: "Bob",
      last_name: "Stone",
      email: "bob@example.com",
    });
    const profileId = await createProfile(db, [a, b, c]);
    const proposal = await proposeSplit(db, analyst, {
      profileId,
      recordIds: [c],
      reason: "Bob is Ann's neighbour",
    });
    expect(proposal.created).toBe(true);
    const [task] = await db.select().from(reviewTasks).where(eq(reviewTasks.id, proposal.taskId));
    expect(task).toMatchObject({ status: "open", kind: "pair", profileIds: [profileId] });
    expect(task!.recordIds).toContain(c);
    expect(task!.recordIds).toHaveLength(2);
    expect(task!.explanation).toMatchObject({
      proposal: {
        kind: "split",
        proposedBy: "analyst@example.com",
        reason: "Bob is Ann's neighbour",
        leavingRecordIds: [c],
      },
    });
    const members = await db.select().from(profileMembers).where(eq(profileMembers.profileId, profileId));
    expect(members).toHaveLength(3);
    // The same proposal again joins the open task.
    expect(await proposeSplit(db, analyst, { profileId, recordIds: [c], reason: "again" })).toMatchObject({
      taskId: proposal.taskId,
      created: false,
    });
    // Refusals name the field: a record of another profile, every record, no reason.
    const other = await createRecord(db, crm, { first_name: "Cy", last_name: "Pres" });
    await createProfile(db, [other]);
    expect(
      await failure(proposeSplit(db, analyst, { profileId, recordIds: [other], reason: "r" })),
    ).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/^recordIds: .* is not a record of profile/),
    });
    expect(
      await failure(proposeSplit(db, analyst, { profileId, recordIds: [a, b, c], reason: "r" })),
    ).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/leaves at least one record/),
    });
    expect(
      (await failure(proposeSplit(db, analyst, { profileId, recordIds: [c], reason: " " }))).message,
    ).toMatch(/reason/i);
  });

  it("a merge proposal opens a pair task a steward decides; merging happens only then", async () => {
    const x = await createRecord(db, crm, {
      first_name: "Dana",
      last_name: "Ruiz",
      email: "dana@example.com",
    });
    const y = await createRecord(db, crm, {
      first_name: "Dana",
      last_name: "Ruiz",
      phone: "+1 210 555 0101",
    });
    const [px, py] = [await createProfile(db, [x]), await createProfile(db, [y])];
    const proposal = await proposeMerge(db, analyst, {
      profileIdA: px,
      profileIdB: py,
      reason: "same customer on the phone",
    });
    expect(proposal).toMatchObject({ created: true, recordIds: [x, y].sort() });
    const [task] = await db.select().from(reviewTasks).where(eq(reviewTasks.id, proposal.taskId));
    expect(task!.score).toBe(0.5); // no trained model in this database: the proposal is neutral
    expect((await db.select().from(profileMembers).where(eq(profileMembers.recordId, y)))[0]!.profileId).toBe(
      py,
    );
    const decided = await decideReviewTask(db, steward, { taskId: proposal.taskId, decision: "merge" });
    expect(decided.status).toBe("merged");
    const [after] = await db.select().from(profileMembers).where(eq(profileMembers.recordId, y));
    expect(after!.profileId).toBe(decided.survivorId);
    expect(
      await failure(proposeMerge(db, analyst, { profileIdA: px, profileIdB: px, reason: "r" })),
    ).toMatchObject({
      code: "BAD_REQUEST",
    });
    const audit = await db.select().from(auditLog).where(eq(auditLog.entityId, proposal.taskId));
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(["stewardship.propose_merge", "stewardship.review_decide"]),
    );
  });
});
