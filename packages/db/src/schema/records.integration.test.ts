import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../client";
import { createTestDatabase, type TestDatabase } from "../testing";
import { goldenAttributes, profileMembers, profiles } from "./profiles";
import { queryFailure } from "./query-failure.testing";
import { sourceRecords, sourceRecordVersions, suppressions } from "./records";
import { importBatches, sources } from "./sources";

describe("sources, source records and profiles", () => {
  let handle: TestDatabase;
  let crmId: string;
  let billingId: string;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const rows = await handle.db
      .insert(sources)
      .values([
        { name: "crm", kind: "crm", fieldMapping: { EmailAddress: "email" }, attributeTrust: { email: 0.9 } },
        { name: "billing", kind: "billing" },
      ])
      .returning();
    crmId = rows[0]!.id;
    billingId = rows[1]!.id;
  });
  afterAll(async () => {
    await handle?.destroy();
  });

  it("keys a record by (source, external id): the same id in another source is another record", async () => {
    const raw = { EmailAddress: "ada@example.com" };
    await handle.db
      .insert(sourceRecords)
      .values({ sourceId: crmId, externalId: "C-1", contentHash: "h1", raw });
    await handle.db
      .insert(sourceRecords)
      .values({ sourceId: billingId, externalId: "C-1", contentHash: "h1", raw });
    const duplicate = await queryFailure(
      handle.db.insert(sourceRecords).values({ sourceId: crmId, externalId: "C-1", contentHash: "h2", raw }),
    );
    expect(duplicate).toContain("source_records_source_external_key");

    // The importer's idempotent path: an upsert on the key that leaves an unchanged row alone.
    const upserted = await handle.db
      .insert(sourceRecords)
      .values({ sourceId: crmId, externalId: "C-1", contentHash: "h1", raw })
      .onConflictDoUpdate({
        target: [sourceRecords.sourceId, sourceRecords.externalId],
        set: { contentHash: sql`excluded.content_hash` },
        setWhere: sql`${sourceRecords.contentHash} <> excluded.content_hash`,
      })
      .returning();
    expect(upserted).toHaveLength(0);
  });

  it("keeps every version once, and the versions go with an erased record", async () => {
    const [batch] = await handle.db
      .insert(importBatches)
      .values({
        sourceId: crmId,
        origin: "file",
        fileName: "crm.csv",
        actor: "cli",
        errors: [{ row: 3, reason: "bad email" }],
      })
      .returning();
    const [record] = await handle.db
      .insert(sourceRecords)
      .values({ sourceId: crmId, externalId: "C-2", contentHash: "v2", raw: { n: 2 }, currentVersion: 2 })
      .returning();
    await handle.db.insert(sourceRecordVersions).values([
      { recordId: record!.id, version: 1, contentHash: "v1", raw: { n: 1 }, importBatchId: batch!.id },
      { recordId: record!.id, version: 2, contentHash: "v2", raw: { n: 2 }, importBatchId: batch!.id },
    ]);
    const again = await queryFailure(
      handle.db
        .insert(sourceRecordVersions)
        .values({ recordId: record!.id, version: 2, contentHash: "x", raw: {} }),
    );
    expect(again).toContain("source_record_versions_record_version_key");
    expect(await queryFailure(handle.db.update(importBatches).set({ rowsRejected: -1 }))).toContain(
      "import_batches_counts_non_negative",
    );
    // A source with records cannot be dropped by accident.
    expect(await queryFailure(handle.db.delete(sources).where(eq(sources.id, crmId)))).toMatch(/foreign key/);

    await handle.db.delete(sourceRecords).where(eq(sourceRecords.id, record!.id));
    const left = await handle.db
      .select()
      .from(sourceRecordVersions)
      .where(eq(sourceRecordVersions.recordId, record!.id));
    expect(left).toHaveLength(0);
  });

  it("suppresses an erased identity once, by hash", async () => {
    await handle.db
      .insert(suppressions)
      .values({ identityHash: "abc", identityKind: "email", reason: "erasure" });
    expect(
      await queryFailure(
        handle.db
          .insert(suppressions)
          .values({ identityHash: "abc", identityKind: "email", reason: "erasure" }),
      ),
    ).toContain("suppressions_identity_hash_key");
  });

  it("feeds the ids of records whose profile, status or standardized fields change, with the writing transaction", async () => {
    const feed = async () =>
      (
        await queryRows<{ record_id: string | null }>(
          handle.db,
          sql`select record_id from record_changes order by xid, record_id`,
        )
      ).map((r) => r.record_id);
    await handle.db.execute(sql`delete from record_changes`);
    const [profile] = await handle.db.insert(profiles).values({ displayName: "Ada" }).returning();
    // A new record without a profile is not a candidate for anyone yet: nothing to feed.
    const [loose] = await handle.db
      .insert(sourceRecords)
      .values({ sourceId: billingId, externalId: "B-10", contentHash: "a", raw: {} })
      .returning();
    expect(await feed()).toEqual([]);
    const [attached] = await handle.db
      .insert(sourceRecords)
      .values({ sourceId: billingId, externalId: "B-11", contentHash: "b", raw: {}, profileId: profile!.id })
      .returning();
    expect(await feed()).toEqual([attached!.id]);

    await handle.db.execute(sql`delete from record_changes`);
    // What real-time resolution does not read (the raw payload, the timestamps) is not fed.
    await handle.db
      .update(sourceRecords)
      .set({ raw: { note: "x" } })
      .where(eq(sourceRecords.id, loose!.id));
    expect(await feed()).toEqual([]);
    await handle.db
      .update(sourceRecords)
      .set({ profileId: profile!.id })
      .where(eq(sourceRecords.id, loose!.id));
    await handle.db
      .update(sourceRecords)
      .set({ standardized: { lastName: "lovelace" } })
      .where(eq(sourceRecords.id, attached!.id));
    expect(await feed()).toEqual([loose!.id, attached!.id]);

    await handle.db.execute(sql`delete from record_changes`);
    await handle.db.delete(sourceRecords).where(eq(sourceRecords.id, loose!.id));
    expect(await feed()).toEqual([loose!.id]);

    // A full run says so once, instead of a row per record it rewrites.
    await handle.db.execute(sql`delete from record_changes`);
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local c360.full_resolution = 'on'`);
      await tx.update(sourceRecords).set({ profileId: null }).where(eq(sourceRecords.id, attached!.id));
    });
    expect(await feed()).toEqual([]);
  });

  it("loads a profile with its members, their records and golden values through db.query", async () => {
    const [profile] = await handle.db.insert(profiles).values({ displayName: "Ada Lovelace" }).returning();
    const [record] = await handle.db
      .insert(sourceRecords)
      .values({
        sourceId: crmId,
        externalId: "C-3",
        contentHash: "c3",
        raw: { name: "Ada" },
        profileId: profile!.id,
      })
      .returning();
    await handle.db
      .insert(profileMembers)
      .values({ profileId: profile!.id, recordId: record!.id, score: 0.97, reason: "model" });
    await handle.db.insert(goldenAttributes).values({
      profileId: profile!.id,
      attribute: "email",
      value: "ada@example.com",
      sourceRecordId: record!.id,
      rule: "most_trusted_source",
      ruleDetail: { candidates: [{ value: "ada@example.com", sourceRecordId: record!.id }] },
    });
    // A record belongs to one profile only.
    const [other] = await handle.db.insert(profiles).values({ displayName: "Someone" }).returning();
    expect(
      await queryFailure(
        handle.db
          .insert(profileMembers)
          .values({ profileId: other!.id, recordId: record!.id, reason: "rule" }),
      ),
    ).toContain("profile_members_record_key");

    const loaded = await handle.db.query.profiles.findFirst({
      where: eq(profiles.id, profile!.id),
      with: { members: { with: { record: { with: { source: true } } } }, goldenAttributes: true },
    });
    expect(loaded?.members[0]?.record.source.name).toBe("crm");
    expect(loaded?.goldenAttributes[0]?.value).toBe("ada@example.com");

    // Erasing the golden record releases its records (set null) and drops its members and golden values.
    await handle.db.delete(profiles).where(eq(profiles.id, profile!.id));
    const [after] = await handle.db.select().from(sourceRecords).where(eq(sourceRecords.id, record!.id));
    expect(after?.profileId).toBeNull();
    expect(
      await handle.db.select().from(profileMembers).where(eq(profileMembers.recordId, record!.id)),
    ).toHaveLength(0);
  });

  it("keeps merges honest: merged exactly when it points at another profile, which cannot then be deleted", async () => {
    const [target] = await handle.db.insert(profiles).values({ displayName: "Target" }).returning();
    expect(
      await queryFailure(handle.db.insert(profiles).values({ displayName: "Half", status: "merged" })),
    ).toContain("profiles_merged_iff_target");
    await handle.db
      .insert(profiles)
      .values({ displayName: "Loser", status: "merged", mergedIntoId: target!.id });
    expect(await queryFailure(handle.db.delete(profiles).where(eq(profiles.id, target!.id)))).toMatch(
      /foreign key/,
    );
  });

  it("finds a profile by a misspelt name through the trigram index", async () => {
    await handle.db.insert(profiles).values([
      { displayName: "Jonathan Smith", searchText: "jonathan smith jon.smith@example.com +447700900123" },
      { displayName: "Maria Garcia", searchText: "maria garcia maria@example.org" },
    ]);
    const hits = await queryRows<{ display_name: string; score: number }>(
      handle.db,
      sql`select display_name, similarity(display_name, ${"Jonathon Smyth"}) as score
          from profiles where display_name % ${"Jonathon Smyth"} order by score desc`,
    );
    expect(hits[0]?.display_name).toBe("Jonathan Smith");
    expect(hits.map((h) => h.display_name)).not.toContain("Maria Garcia");

    const plan = await handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return queryRows<Record<string, string>>(
        tx,
        sql`explain select id from profiles where search_text % ${"jon.smith@exampel.com"}`,
      );
    });
    expect(plan.map((row) => Object.values(row).join(" ")).join("\n")).toContain(
      "profiles_search_text_trgm_idx",
    );
  });
});
