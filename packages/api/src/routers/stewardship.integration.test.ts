// The stewardship procedures end to end through the router: a steward merges and undoes; errors keep their codes.
import {
  createProfile,
  createRecord,
  createSource,
  stewardActor,
} from "@c360/core/stewardship/stewardship-fixtures.testing";
import { demoActor } from "@c360/core/users/demo-actor.testing";
import type { Database } from "@c360/db/client";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../root";

describe("stewardship router", () => {
  let handle: TestDatabase;
  let db: Database;
  let caller: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
    caller = createCaller({ db, actor: await stewardActor(db) });
  });
  afterAll(async () => handle?.destroy());

  it("merges, lists the history and unmerges", async () => {
    const crm = await createSource(db, "crm");
    const p1 = await createProfile(db, [
      await createRecord(db, crm, { first_name: "Lea", email: "lea@example.com" }),
    ]);
    const p2 = await createProfile(db, [
      await createRecord(db, crm, { first_name: "Léa", email: "lea@example.com" }),
    ]);
    const merged = await caller.stewardship.mergeProfiles({ profileIds: [p1, p2], reason: "same email" });
    const history = await caller.stewardship.listMergeEvents({ profileId: p1 });
    expect(history[0]).toMatchObject({
      id: merged.eventId,
      kind: "merge",
      actorLabel: "steward@example.com",
      undoneByEventId: null,
    });
    const undone = await caller.stewardship.unmergeEvent({
      eventId: merged.eventId,
      reason: "different people",
    });
    expect(undone.undoneEventId).toBe(merged.eventId);
    expect((await caller.stewardship.listReviewTasks()).items).toEqual([]);
  });

  it("a steward overrides a golden value and clears it; the profile shows who, when and why, masked for an analyst", async () => {
    const crm = await createSource(db, "crm-override");
    const profileId = await createProfile(db, [
      await createRecord(db, crm, { first_name: "Mae", email: "mae@old.example" }),
    ]);
    const set = await caller.stewardship.setGoldenOverride({
      profileId,
      attribute: "email",
      value: "Mae@New.Example",
      note: "Verified by phone",
    });
    expect(set).toEqual({ profileId, attribute: "email", value: "mae@new.example" });
    const view = await caller.profiles.get({ id: profileId });
    expect(view.golden.find((g) => g.attribute === "email")).toMatchObject({
      value: "mae@new.example",
      rule: "steward_override",
      ruleLabel: "Steward override",
      override: { setBy: "steward@example.com", note: "Verified by phone", origin: "steward" },
      candidates: [expect.objectContaining({ value: "mae@old.example", chosen: false })],
    });

    const analyst = createCaller({ db, actor: await demoActor(db, "analyst@example.com") });
    const masked = (await analyst.profiles.get({ id: profileId })).golden.find(
      (g) => g.attribute === "email",
    )!;
    expect(masked.value).not.toContain("mae@new.example");
    expect(masked.override).toMatchObject({ setBy: "steward@example.com" });
    await expect(
      analyst.stewardship.setGoldenOverride({
        profileId,
        attribute: "email",
        value: "x@y.example",
        note: "no",
      }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      caller.stewardship.setGoldenOverride({
        profileId,
        attribute: "phone",
        value: "not a phone",
        note: "typo",
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/"not a phone" is not a valid phone/),
    });

    await caller.stewardship.clearGoldenOverride({ profileId, attribute: "email" });
    const cleared = (await caller.profiles.get({ id: profileId })).golden.find(
      (g) => g.attribute === "email",
    )!;
    expect(cleared).toMatchObject({ value: "mae@old.example", override: null });
  });

  it("answers bad input with BAD_REQUEST and unknown ids with NOT_FOUND", async () => {
    await expect(
      caller.stewardship.mergeProfiles({ profileIds: [randomUUID(), randomUUID()], reason: "" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      caller.stewardship.unmergeEvent({ eventId: randomUUID(), reason: "x" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
