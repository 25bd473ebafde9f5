// Relationships follow identity when profiles are absorbed: re-pointed at both ends, never doubled, never to self.
import type { Database } from "@c360/db/client";
import { profiles, relationships } from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moveRelationships } from "./move-relationships";

describe("moveRelationships", () => {
  let handle: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
  });
  afterAll(async () => handle?.destroy());

  async function newProfiles(count: number): Promise<string[]> {
    const rows = await db
      .insert(profiles)
      .values(Array.from({ length: count }, () => ({})))
      .returning({ id: profiles.id });
    return rows.map((r) => r.id);
  }

  async function edges() {
    const rows = await db.select().from(relationships);
    return rows.map((r) => `${r.fromProfileId} ${r.kind} ${r.toProfileId ?? r.accountName}`).sort();
  }

  it("re-points both ends to the survivor, dropping what would repeat or point at itself", async () => {
    const [person, duplicate, spouse, child, neighbour] = await newProfiles(5);
    await db.insert(relationships).values([
      // The survivor's own: kept as it is.
      { fromProfileId: person!, toProfileId: spouse!, kind: "household" },
      // The duplicate's copy of it: dropped, not doubled.
      { fromProfileId: duplicate!, toProfileId: spouse!, kind: "household" },
      // Only the duplicate knew the child and the account: they move.
      { fromProfileId: duplicate!, toProfileId: child!, kind: "household" },
      { fromProfileId: duplicate!, accountName: "Acme Corp", kind: "employer" },
      // Pointing at the duplicate from elsewhere: now points at the survivor.
      { fromProfileId: neighbour!, toProfileId: duplicate!, kind: "household" },
      // Between the two halves of one person: would be a relationship with oneself, dropped.
      { fromProfileId: person!, toProfileId: duplicate!, kind: "household" },
    ]);

    await moveRelationships(db, [{ loserId: duplicate!, survivorId: person! }]);

    expect(await edges()).toEqual(
      [
        `${person} household ${spouse}`,
        `${person} household ${child}`,
        `${person} employer Acme Corp`,
        `${neighbour} household ${person}`,
      ].sort(),
    );
  });

  it("moves many absorptions at once, including two losers holding the same relationship", async () => {
    const [a, b, c, target] = await newProfiles(4);
    await db.insert(relationships).values([
      { fromProfileId: b!, toProfileId: target!, kind: "household" },
      { fromProfileId: c!, toProfileId: target!, kind: "household" },
    ]);
    await moveRelationships(db, [
      { loserId: b!, survivorId: a! },
      { loserId: c!, survivorId: a! },
    ]);
    const rows = await db.select().from(relationships);
    const mine = rows.filter((r) => [a, b, c].includes(r.fromProfileId));
    expect(mine.map((r) => `${r.fromProfileId} ${r.toProfileId}`)).toEqual([`${a} ${target}`]);
  });
});
