import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { queryRows } from "@c360/db/client";
import {
  goldenAttributes,
  labelledPairs,
  profileMembers,
  profiles,
  reviewTasks,
  sourceRecords,
  sources,
} from "@c360/db/schema";
import { generateCustomers, pairwiseScore, standardizeRecord, type SyntheticRecord } from "@c360/matching";
import { eq, sql } from "drizzle-orm";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { exportMemberships } from "./export-memberships";
import { resolveFull } from "./resolve-full";
import {
  realtimeTimings,
  residentIndexOf,
  resolveOnArrival,
  settleRealtimeResolution,
} from "./resolve-on-arrival";

const actor = systemActor("test");

async function storeRecords(handle: TestDatabase, records: SyntheticRecord[]): Promise<Map<string, string>> {
  const sourceIds = new Map<string, string>();
  for (const name of new Set(records.map((r) => r.source))) {
    const [row] = await handle.db
      .insert(sources)
      .values({
        name,
        kind: name === "ecommerce" ? "ecommerce" : (name as "crm"),
        attributeTrust: name === "crm" ? { email: 0.9 } : {},
      })
      .onConflictDoNothing()
      .returning();
    sourceIds.set(
      name,
      row?.id ?? (await handle.db.select().from(sources).where(eq(sources.name, name)))[0]!.id,
    );
  }
  const idOf = new Map<string, string>();
  for (let i = 0; i < records.length; i += 500) {
    const rows = await handle.db
      .insert(sourceRecords)
      .values(
        records.slice(i, i + 500).map((record) => ({
          sourceId: sourceIds.get(record.source)!,
          externalId: record.record_id,
          contentHash: createHash("sha256").update(JSON.stringify(record)).digest("hex"),
          raw: record as unknown as Record<string, unknown>,
          standardized: standardizeRecord(record) as unknown as Record<string, unknown>,
        })),
      )
      .returning({ id: sourceRecords.id, externalId: sourceRecords.externalId });
    rows.forEach((row) => idOf.set(row.externalId, row.id));
  }
  return idOf;
}

describe("resolution over the database", () => {
  let handle: TestDatabase;
  const data = generateCustomers({ persons: 500, seed: 7 });
  const truth = new Map(data.records.map((r, i) => [r.record_id, data.personIds[i]!]));
  let idOf: Map<string, string>;

  beforeAll(async () => {
    handle = await createTestDatabase();
    idOf = await storeRecords(handle, data.records);
  });
  afterAll(async () => handle?.destroy());

  it("trains a model, clusters every record into profiles as accurate as the engine, with golden values and provenance", async () => {
    const result = await resolveFull(handle.db, { actor });
    expect(result.trained).toBe(true);
    expect(result.records).toBe(data.records.length);
    const memberships = await exportMemberships(handle.db);
    expect(memberships).toHaveLength(data.records.length);
    const score = pairwiseScore(new Map(memberships.map((m) => [m.recordId, m.profileId!])), truth);
    expect(score.f1).toBeGreaterThan(0.9);
    // Every record is decided at the version the run read: none is left for the pending sweep.
    const [undecided] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from source_records
        where resolved_version is distinct from current_version or profile_id is null`,
    );
    expect(undecided!.n).toBe(0);

    const [golden] = await handle.db
      .select({
        n: sql<number>`count(*)::int`,
        orphans: sql<number>`count(*) filter (where ${profileMembers.recordId} is null)::int`,
      })
      .from(goldenAttributes)
      .leftJoin(
        profileMembers,
        sql`${profileMembers.recordId} = ${goldenAttributes.sourceRecordId} and ${profileMembers.profileId} = ${goldenAttributes.profileId}`,
      );
    expect(golden!.n).toBeGreaterThan(result.profiles);
    // every golden value points at a member of its own profile
    expect(golden!.orphans).toBe(0);
    const [named] = await handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(profiles)
      .where(sql`display_name is not null`);
    expect(named!.n).toBe(result.profiles);
    // The search indexes hold the new names merged, nothing left pending for every search to scan.
    const [pending] = await queryRows<{ search: number; names: number }>(
      handle.db,
      sql`select gin_clean_pending_list('profiles_search_text_trgm_idx'::regclass)::int as search,
        gin_clean_pending_list('profiles_display_name_trgm_idx'::regclass)::int as names`,
    );
    expect(pending).toEqual({ search: 0, names: 0 });
  });

  it("keeps every profile id when run again on the same data", async () => {
    const before = await exportMemberships(handle.db);
    const again = await resolveFull(handle.db, { actor });
    expect(again.trained).toBe(false);
    expect(again.newProfiles).toBe(0);
    expect(await exportMemberships(handle.db)).toEqual(before);
  });

  it("links a new record of a known person on arrival, and makes a stranger a new profile", async () => {
    const known = data.records.find(
      (r) => r.source === "crm" && r.email && r.first_name && r.last_name && r.dob,
    )!;
    const knownProfile = (
      await handle.db
        .select()
        .from(sourceRecords)
        .where(eq(sourceRecords.id, idOf.get(known.record_id)!))
    )[0]!.profileId;
    const copy: SyntheticRecord = { ...known, record_id: "web-copy-1", source: "ecommerce", phone: null };
    const stranger: SyntheticRecord = {
      ...known,
      record_id: "web-stranger-1",
      source: "ecommerce",
      first_name: "Zebulon",
      last_name: "Quackenbush",
      email: "zq@example.net",
      dob: "1931-02-03",
      phone: null,
      street: "1 Nowhere Rd",
      postcode: "99999",
    };
    const ids = await storeRecords(handle, [copy, stranger]);
    const result = await resolveOnArrival(
      handle.db,
      [ids.get("web-copy-1")!, ids.get("web-stranger-1")!],
      actor,
    );
    const byId = new Map(result.outcomes.map((o) => [o.recordId, o]));
    expect(byId.get(ids.get("web-copy-1")!)).toMatchObject({ decision: "linked", profileId: knownProfile });
    expect(byId.get(ids.get("web-stranger-1")!)!.decision).toBe("new_profile");
    // Golden values follow the decision in a refresh of their own (decision 0004): wait for it, as a file import does.
    await settleRealtimeResolution(handle.db);
    const strangerGolden = await handle.db
      .select()
      .from(goldenAttributes)
      .where(eq(goldenAttributes.profileId, byId.get(ids.get("web-stranger-1")!)!.profileId!));
    expect(strangerGolden.find((g) => g.attribute === "last_name")?.value).toBe("Quackenbush");
  });

  it("resolves a batch in order: a new person's second record links to the profile its first record just made", async () => {
    const base: SyntheticRecord = {
      ...data.records[0]!,
      source: "ecommerce",
      first_name: "Philippa",
      last_name: "Wojciechowska",
      email: "p.wojciechowska@example.org",
      dob: "1977-08-19",
      phone: "+14155550199",
      street_number: "48",
      street: "Larkspur Lane",
      middle_name: null,
      city: "Fresno",
      postcode: "93650",
    };
    const first: SyntheticRecord = { ...base, record_id: "web-batch-1" };
    const second: SyntheticRecord = { ...base, record_id: "web-batch-2", first_name: "Pippa", phone: null };
    const ids = await storeRecords(handle, [first, second]);
    const result = await resolveOnArrival(
      handle.db,
      [ids.get("web-batch-1")!, ids.get("web-batch-2")!],
      actor,
    );
    expect(result.outcomes.map((o) => [o.recordId, o.decision])).toEqual([
      [ids.get("web-batch-1")!, "new_profile"],
      [ids.get("web-batch-2")!, "linked"],
    ]);
    expect(result.outcomes[1]!.profileId).toBe(result.outcomes[0]!.profileId);
    const members = await handle.db
      .select()
      .from(profileMembers)
      .where(eq(profileMembers.profileId, result.outcomes[0]!.profileId!));
    expect(members.map((m) => m.recordId).sort()).toEqual(
      [ids.get("web-batch-1")!, ids.get("web-batch-2")!].sort(),
    );
    // Both arrivals are now in this process's resident index, so the next arrival finds them.
    const index = residentIndexOf(handle.db)!;
    expect(index.profileOfRecord(ids.get("web-batch-1")!)).toBe(result.outcomes[0]!.profileId);
    expect(index.profileOfRecord(ids.get("web-batch-2")!)).toBe(result.outcomes[0]!.profileId);
  });

  it("decides a changed record before a new one in the same batch, so the new one finds it whatever the order", async () => {
    const person: SyntheticRecord = {
      ...data.records[0]!,
      source: "crm",
      first_name: "Ottoline",
      last_name: "Vandermeer",
      email: "ottoline.vandermeer@example.org",
      dob: "1969-03-27",
      phone: "+14155550142",
      street_number: "7",
      street: "Quarry Hill Road",
      middle_name: null,
      city: "Sacramento",
      postcode: "95814",
    };
    const ids = await storeRecords(handle, [{ ...person, record_id: "crm-otto-1" }]);
    const known = ids.get("crm-otto-1")!;
    const [made] = (await resolveOnArrival(handle.db, [known], actor)).outcomes;
    expect(made).toMatchObject({ decision: "new_profile" });
    // She moves: her CRM record is re-imported with the new address, and her web-shop record arrives beside it,
    // listed first. The shop record shares only her new address, name and birth date with her, no email or phone.
    const moved = {
      ...person,
      record_id: "crm-otto-1",
      street_number: "12",
      street: "Alder Crescent",
      city: "Davis",
      postcode: "95616",
    };
    await handle.db
      .update(sourceRecords)
      .set({
        raw: moved,
        standardized: standardizeRecord(moved) as unknown as Record<string, unknown>,
      })
      .where(eq(sourceRecords.id, known));
    const shop = (
      await storeRecords(handle, [
        { ...moved, record_id: "web-otto-2", source: "ecommerce", email: null, phone: null },
      ])
    ).get("web-otto-2")!;
    const result = await resolveOnArrival(handle.db, [shop, known], actor);
    expect(result.outcomes.map((o) => [o.recordId, o.decision, o.profileId])).toEqual([
      [shop, "linked", made!.profileId],
      [known, "unchanged", made!.profileId],
    ]);
  });

  it("decides calls queued behind a transaction together, each seeing the records decided before it", async () => {
    const people = {
      Ottoline: {
        last_name: "Oyelaran-Whitcombe",
        dob: "1969-02-11",
        street: "Quillet Row",
        city: "Tacoma",
        postcode: "98402",
      },
      Benedikt: {
        last_name: "Szczepanowski",
        dob: "1983-10-27",
        street: "Marram Close",
        city: "Boise",
        postcode: "83702",
      },
    };
    const person = (name: keyof typeof people, n: number): SyntheticRecord => ({
      ...data.records[0]!,
      ...people[name],
      source: "ecommerce",
      record_id: `web-ahead-${name}-${n}`,
      first_name: name,
      email: `${name.toLowerCase()}.${people[name].last_name.slice(0, 4).toLowerCase()}@example.net`,
      phone: null,
      middle_name: null,
      street_number: "7",
    });
    const ids = await storeRecords(handle, [
      person("Ottoline", 1),
      person("Ottoline", 2),
      person("Benedikt", 1),
      person("Benedikt", 2),
    ]);
    const id = (name: keyof typeof people, n: number) => ids.get(`web-ahead-${name}-${n}`)!;
    const before = realtimeTimings.transactions;
    // The first call starts a transaction alone; the others queue behind it and share the next one.
    const first = resolveOnArrival(handle.db, [id("Ottoline", 1)], actor);
    const rest = [
      resolveOnArrival(handle.db, [id("Ottoline", 2)], actor),
      resolveOnArrival(handle.db, [id("Benedikt", 1)], actor),
      resolveOnArrival(handle.db, [id("Benedikt", 2)], actor),
    ];
    const [one, two, three, four] = await Promise.all([first, ...rest]);
    const ottoline = one.outcomes[0]!.profileId!;
    expect(one.outcomes[0]!.decision).toBe("new_profile");
    expect(two!.outcomes[0]).toMatchObject({ decision: "linked", profileId: ottoline });
    expect(three!.outcomes[0]!.decision).toBe("new_profile");
    expect(four!.outcomes[0]).toMatchObject({ decision: "linked", profileId: three!.outcomes[0]!.profileId });
    const members = await handle.db
      .select()
      .from(profileMembers)
      .where(eq(profileMembers.profileId, ottoline));
    expect(members.map((m) => m.recordId).sort()).toEqual([id("Ottoline", 1), id("Ottoline", 2)].sort());
    expect(realtimeTimings.transactions - before).toBe(2);
  });

  it("respects a steward's separation in the next batch run", async () => {
    const [pair] = (await handle.db
      .execute(
        sql`select a.record_id as a, b.record_id as b from profile_members a
      join profile_members b on a.profile_id = b.profile_id and a.record_id < b.record_id limit 1`,
      )
      .then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows))) as { a: string; b: string }[];
    await handle.db
      .insert(labelledPairs)
      .values({ recordAId: pair!.a, recordBId: pair!.b, isMatch: false, source: "steward" });
    await resolveFull(handle.db, { actor });
    const rows = await handle.db
      .select()
      .from(profileMembers)
      .where(sql`${profileMembers.recordId} in (${pair!.a}, ${pair!.b})`);
    expect(new Set(rows.map((r) => r.profileId)).size).toBe(2);
  });

  it("resolves arrivals with the model a later full run trained, not the one it had cached", async () => {
    const before = await resolveOnArrival(handle.db, [], actor);
    expect(before.outcomes).toEqual([]);
    const retrained = await resolveFull(handle.db, { actor, retrain: true });
    const late: SyntheticRecord = {
      ...data.records[3]!,
      record_id: "web-after-retrain",
      source: "ecommerce",
      email: "after.retrain@example.net",
    };
    const ids = await storeRecords(handle, [late]);
    await resolveOnArrival(handle.db, [ids.get("web-after-retrain")!], actor);
    const [member] = await handle.db
      .select()
      .from(profileMembers)
      .where(eq(profileMembers.recordId, ids.get("web-after-retrain")!));
    expect(member!.matchedBy).toBe(`model v${retrained.modelVersion} (real time)`);
  });

  it("leaves uncertain pairs to stewards as review tasks with an explanation", async () => {
    const tasks = await handle.db.select().from(reviewTasks).where(eq(reviewTasks.status, "open"));
    for (const task of tasks) {
      expect(task.recordIds).toHaveLength(2);
      expect(task.explanation).toHaveProperty("terms");
    }
  });
});
