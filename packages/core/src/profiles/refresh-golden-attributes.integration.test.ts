import { type Database, inTransaction } from "@c360/db/client";
import { goldenAttributes, profileMembers, profiles, sourceRecords } from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProfile, createRecord, createSource } from "../stewardship/stewardship-fixtures.testing";
import { refreshGoldenAttributes } from "./refresh-golden-attributes";

describe("refreshGoldenAttributes", () => {
  let handle: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.db;
  });
  afterAll(async () => handle?.destroy());

  it("stores golden rows with provenance, the display name and search text, using each source's trust and mapping", async () => {
    const billing = await createSource(db, "billing", { email: 0.95 });
    const web = await createSource(db, "web", { email: 0.2 });
    const r1 = await createRecord(db, billing, {
      first_name: "MARÍA",
      last_name: "GARCÍA",
      email: "maria@billing.example",
    });
    const r2 = await createRecord(db, web, {
      first_name: "María",
      last_name: "García",
      email: "mg@web.example",
      phone: "7029191300",
    });
    const profileId = await createProfile(db, [r1, r2]);

    const rows = await db
      .select()
      .from(goldenAttributes)
      .where(eq(goldenAttributes.profileId, profileId))
      .orderBy(asc(goldenAttributes.attribute));
    expect(Object.fromEntries(rows.map((r) => [r.attribute, r.value]))).toEqual({
      email: "maria@billing.example",
      first_name: "María",
      last_name: "García",
      phone: "+17029191300",
    });
    const email = rows.find((r) => r.attribute === "email")!;
    expect(email).toMatchObject({ sourceRecordId: r1, rule: "most_trusted_source" });
    // Two values competed; the values themselves are the members', not copied into the row.
    expect(email.ruleDetail).toEqual({
      rules: ["most_trusted_source", "most_recent", "most_frequent"],
      distinctValues: 2,
    });
    const [profile] = await db.select().from(profiles).where(eq(profiles.id, profileId));
    expect(profile!.displayName).toBe("María García");
    expect(profile!.searchText.split(" ")).toEqual(
      expect.arrayContaining(["maria", "garcia", "maría", "maria@billing.example", "mg@web.example"]),
    );
  });

  it("rewrites only what changed: a new member that brings a phone adds it and leaves the agreed values as decided", async () => {
    const crm = await createSource(db, "crm-2");
    const shop = await createSource(db, "shop-2");
    const r1 = await createRecord(db, crm, {
      first_name: "Ines",
      last_name: "Varga",
      email: "ines@varga.example",
    });
    const profileId = await createProfile(db, [r1]);
    const before = await db.select().from(goldenAttributes).where(eq(goldenAttributes.profileId, profileId));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const r2 = await createRecord(db, shop, { first_name: "Ines", last_name: "Varga", phone: "7029191301" });
    await db.insert(profileMembers).values({ profileId, recordId: r2, reason: "model" });
    await db.update(sourceRecords).set({ profileId }).where(eq(sourceRecords.id, r2));
    await refreshGoldenAttributes(db, [profileId]);
    const after = await db.select().from(goldenAttributes).where(eq(goldenAttributes.profileId, profileId));
    const byAttribute = new Map(after.map((row) => [row.attribute, row]));
    expect(byAttribute.get("phone")).toMatchObject({ value: "+17029191301", sourceRecordId: r2 });
    // The email had one candidate before and after: untouched, decided when it was first decided.
    const emailBefore = before.find((row) => row.attribute === "email")!;
    expect(byAttribute.get("email")).toEqual(emailBefore);
    // The first and last names now have two agreeing records: the first to say them stays cited, so those rows
    // are untouched too (decided_at included); only the phone was written.
    for (const attribute of ["first_name", "last_name"])
      expect(byAttribute.get(attribute)).toEqual(before.find((row) => row.attribute === attribute));
  });

  it("works inside the caller's transaction and empties a profile that lost its members", async () => {
    const crm = await createSource(db, "crm");
    const r1 = await createRecord(db, crm, { first_name: "Tom", last_name: "Ward" });
    const profileId = await createProfile(db, [r1]);
    await inTransaction(db, async (tx) => {
      await tx.delete(profileMembers).where(eq(profileMembers.profileId, profileId));
      await tx.update(sourceRecords).set({ profileId: null }).where(eq(sourceRecords.id, r1));
      await refreshGoldenAttributes(tx, [profileId]);
    });
    expect(await db.select().from(goldenAttributes).where(eq(goldenAttributes.profileId, profileId))).toEqual(
      [],
    );
    const [profile] = await db.select().from(profiles).where(eq(profiles.id, profileId));
    expect(profile).toMatchObject({ displayName: null, searchText: "" });
    await refreshGoldenAttributes(db, []);
  });
});
