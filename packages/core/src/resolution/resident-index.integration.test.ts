// The resident index of real-time resolution stays what the database says, whoever changes the records: another
// process's arrivals, a steward's merge, an erasure, a full run. Checked record by record against the database.
import { openDatabase, queryRows, type DatabaseHandle } from "@c360/db/client";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { generateCustomers, type SyntheticRecord } from "@c360/matching";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { importRecords } from "../ingest/import-records";
import { rowItems } from "../ingest/read-rows";
import { ensureSource } from "../sources/manage-sources";
import { mergeProfiles } from "../stewardship/merge-profiles";
import { resolveFull } from "./resolve-full";
import {
  catchUpRealtimeResolution,
  prepareRealtimeResolution,
  residentIndexOf,
  resolveOnArrival,
  settleRealtimeResolution,
} from "./resolve-on-arrival";
import { resolvePendingRecords } from "./resolve-pending";
import type { Database } from "@c360/db/client";

const actor = systemActor("test");

/** Every active record with a profile is in the index with that profile, and the index holds nothing else. */
async function expectIndexMatchesDatabase(db: Database): Promise<void> {
  const index = residentIndexOf(db);
  expect(index).not.toBeNull();
  const rows = await queryRows<{ id: string; profile_id: string }>(
    db,
    sql`select id, profile_id from source_records where status = 'active' and profile_id is not null`,
  );
  expect(index!.size).toBe(rows.length);
  const wrong = rows.filter((row) => index!.profileOfRecord(row.id) !== row.profile_id);
  expect(wrong).toEqual([]);
}

async function importSynthetic(
  db: Database,
  records: readonly SyntheticRecord[],
  resolve: boolean,
): Promise<void> {
  for (const name of new Set(records.map((r) => r.source))) {
    const { source } = await ensureSource(db, actor, {
      name,
      kind: "other",
      fieldMapping: {},
      attributeTrust: {},
    });
    await importRecords(db, {
      source,
      rows: rowItems(records.filter((r) => r.source === name) as unknown as Record<string, unknown>[]),
      origin: "api",
      actor,
      resolve: resolve ? undefined : null,
    });
  }
}

async function recordIdOf(db: Database, externalId: string): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select id from source_records where external_id = ${externalId}`,
  );
  return row!.id;
}

describe("the resident index of real-time resolution", () => {
  let handle: TestDatabase;
  const data = generateCustomers({ persons: 300, seed: 11 });
  // Every tenth record arrives later, through the real-time path.
  const later = data.records.filter((_, i) => i % 10 === 0);
  const first = data.records.filter((_, i) => i % 10 !== 0);

  beforeAll(async () => {
    handle = await createTestDatabase();
    await importSynthetic(handle.db, first, false);
    await resolveFull(handle.db, { actor });
  });
  afterAll(async () => handle?.destroy());

  it("loads every resolved record with its profile", async () => {
    const loaded = await prepareRealtimeResolution(handle.db);
    expect(loaded!.records).toBe(first.length);
    await expectIndexMatchesDatabase(handle.db);
  });

  it("resolves arrivals from memory, calls made together share a transaction, and each caller gets its own outcomes", async () => {
    await importSynthetic(handle.db, later, false);
    const ids = await Promise.all(later.map((r) => recordIdOf(handle.db, r.record_id)));
    const [auditBefore] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from audit_log where action = 'resolution.on_arrival'`,
    );
    const thirds = [ids.slice(0, 10), ids.slice(10, 20), ids.slice(20)];
    const results = await Promise.all(thirds.map((part) => resolveOnArrival(handle.db, part, actor)));
    results.forEach((result, i) => {
      expect(result.outcomes.map((o) => o.recordId)).toEqual(thirds[i]);
      expect(Object.values(result.counts).reduce((a, b) => a + b, 0)).toBe(thirds[i]!.length);
    });
    // Most arrivals are someone the store already knows.
    const linked = results.reduce((n, r) => n + r.counts.linked, 0);
    expect(linked).toBeGreaterThan(ids.length / 2);
    // The first call ran alone; the two queued behind it were written together, audited once for their caller.
    const [auditAfter] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from audit_log where action = 'resolution.on_arrival'`,
    );
    expect(auditAfter!.n - auditBefore!.n).toBe(2);
    await expectIndexMatchesDatabase(handle.db);
  });

  it("commits the decision first and the golden values right after, from a queue a crash cannot lose", async () => {
    const person: SyntheticRecord = {
      ...data.records[1]!,
      record_id: "golden-follows-1",
      source: "ecommerce",
      first_name: "Ottoline",
      last_name: "Brackenbury",
      email: "ottoline.brackenbury@example.org",
    };
    await importSynthetic(handle.db, [person], false);
    const [outcome] = (
      await resolveOnArrival(handle.db, [await recordIdOf(handle.db, "golden-follows-1")], actor)
    ).outcomes;
    expect(outcome!.decision).toBe("new_profile");
    await settleRealtimeResolution(handle.db);
    const goldenEmail = async (profileId: string) =>
      (
        await queryRows<{ value: string }>(
          handle.db,
          sql`select value #>> '{}' as value from golden_attributes
        where profile_id = ${profileId} and attribute = 'email'`,
        )
      )[0]?.value ?? null;
    expect(await goldenEmail(outcome!.profileId!)).toBe("ottoline.brackenbury@example.org");
    const [queued] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from golden_refresh_queue`,
    );
    expect(queued!.n).toBe(0);

    // A process that stopped between the decision and the refresh left the profile queued: the sweep finishes it.
    await handle.db.execute(sql`delete from golden_attributes where profile_id = ${outcome!.profileId}`);
    await handle.db.execute(
      sql`insert into golden_refresh_queue (profile_id) values (${outcome!.profileId})`,
    );
    await resolvePendingRecords(handle.db, actor);
    expect(await goldenEmail(outcome!.profileId!)).toBe("ottoline.brackenbury@example.org");
    const [left] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from golden_refresh_queue`,
    );
    expect(left!.n).toBe(0);
  });

  it("decides again a changed record whose new version was stored but never decided", async () => {
    const person: SyntheticRecord = {
      ...data.records[2]!,
      record_id: "changed-undecided-1",
      source: "ecommerce",
      first_name: "Perpetua",
      last_name: "Wolstenholme",
      email: "perpetua.w@example.org",
    };
    await importSynthetic(handle.db, [person], true);
    await settleRealtimeResolution(handle.db);
    const recordId = await recordIdOf(handle.db, "changed-undecided-1");
    const state = async () =>
      (
        await queryRows<{
          profile_id: string;
          current_version: number;
          resolved_version: number;
          email: string | null;
        }>(
          handle.db,
          sql`select s.profile_id, s.current_version, s.resolved_version,
          (select value #>> '{}' from golden_attributes g where g.profile_id = s.profile_id and g.attribute = 'email') as email
          from source_records s where s.id = ${recordId}`,
        )
      )[0]!;
    const decided = await state();
    expect(decided).toMatchObject({
      current_version: 1,
      resolved_version: 1,
      email: "perpetua.w@example.org",
    });
    // Nothing is waiting: a second sweep would find it otherwise.
    expect((await resolvePendingRecords(handle.db, actor)).pending).toBe(0);

    // The new version is stored and the process stops before deciding it (or the decision is lost with the server):
    // the record keeps its profile, so only its version says it is waiting.
    await importSynthetic(handle.db, [{ ...person, email: "perpetua.wolstenholme@example.net" }], false);
    expect(await state()).toMatchObject({
      profile_id: decided.profile_id,
      current_version: 2,
      resolved_version: 1,
    });
    const swept = await resolvePendingRecords(handle.db, actor);
    expect(swept.pending).toBe(1);
    expect(swept.counts.unchanged).toBe(1);
    // Decided at its new version, and the golden values follow it.
    expect(await state()).toMatchObject({
      profile_id: decided.profile_id,
      current_version: 2,
      resolved_version: 2,
      email: "perpetua.wolstenholme@example.net",
    });
    expect((await resolvePendingRecords(handle.db, actor)).pending).toBe(0);
    await expectIndexMatchesDatabase(handle.db);
  });

  it("keeps its index when settling golden values fails, and leaves the rows queued for the next try", async () => {
    const index = residentIndexOf(handle.db);
    expect(index).not.toBeNull();
    const [profile] = await queryRows<{ id: string }>(
      handle.db,
      sql`select id from profiles where status = 'active' order by id limit 1`,
    );
    await handle.db.execute(sql`insert into golden_refresh_queue (profile_id) values (${profile!.id})`);
    // Every golden write fails for now (a full disk, a lost connection would do the same).
    await handle.db.execute(sql`create function refuse_golden() returns trigger language plpgsql as $$
      begin raise exception 'golden writes refused by the test'; end $$`);
    await handle.db.execute(sql`create trigger refuse_golden before insert or update on golden_attributes
      for each statement execute function refuse_golden()`);
    try {
      const error = (await settleRealtimeResolution(handle.db).catch((e: unknown) => e)) as Error & {
        cause?: unknown;
      };
      expect(String(error.cause ?? error)).toMatch(/refused by the test/);
    } finally {
      await handle.db.execute(sql`drop trigger refuse_golden on golden_attributes`);
      await handle.db.execute(sql`drop function refuse_golden()`);
    }
    // Golden values are not the index's business: it is kept (no reload), and the queue row waits for the retry.
    expect(residentIndexOf(handle.db)).toBe(index);
    const [queued] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from golden_refresh_queue`,
    );
    expect(queued!.n).toBe(1);
    await settleRealtimeResolution(handle.db);
    const [left] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from golden_refresh_queue`,
    );
    expect(left!.n).toBe(0);
  });

  it("follows a steward's merge made outside it, through the change feed", async () => {
    const [a, b] = await queryRows<{ id: string }>(
      handle.db,
      sql`select id from profiles where status = 'active' order by id limit 2`,
    );
    await mergeProfiles(handle.db, actor, {
      profileIds: [a!.id, b!.id],
      survivorId: a!.id,
      reason: "same customer (test)",
    });
    const moved = await queryRows<{ id: string }>(
      handle.db,
      sql`select id from source_records where profile_id = ${a!.id}`,
    );
    await catchUpRealtimeResolution(handle.db);
    for (const { id } of moved) expect(residentIndexOf(handle.db)!.profileOfRecord(id)).toBe(a!.id);
    await expectIndexMatchesDatabase(handle.db);
  });

  it("lets go of a deleted (erased) record: out of its blocks, its values blanked", async () => {
    const [victim] = await queryRows<{ id: string; last_name: string }>(
      handle.db,
      sql`select id, standardized->>'lastName' as last_name from source_records
          where profile_id is not null and standardized->>'lastName' is not null limit 1`,
    );
    const index = residentIndexOf(handle.db)!;
    const position = index.store.positionOf(victim!.id)!;
    expect(index.store.value(position, "lastName")).toBe(victim!.last_name);
    // What erasure does to a source record.
    await handle.db.execute(sql`delete from source_records where id = ${victim!.id}`);
    await catchUpRealtimeResolution(handle.db);
    expect(index.has(victim!.id)).toBe(false);
    expect(index.store.value(position, "lastName")).toBeNull();
    expect(index.store.idAt(position)).toBe("");
    await expectIndexMatchesDatabase(handle.db);
  });

  it("loads afresh after a full run rewrote every profile", async () => {
    const before = residentIndexOf(handle.db);
    await resolveFull(handle.db, { actor });
    const [reset] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from record_changes where record_id is null`,
    );
    expect(reset!.n).toBeGreaterThan(0);
    const extra: SyntheticRecord = {
      ...data.records[5]!,
      record_id: "late-after-full-run",
      source: "ecommerce",
    };
    await importSynthetic(handle.db, [extra], true);
    expect(residentIndexOf(handle.db)).not.toBe(before);
    await expectIndexMatchesDatabase(handle.db);
  });

  it("sees what another process resolved, whatever order their transactions commit in", async (context) => {
    if (!handle.url) return context.skip(); // PGlite is one process
    const other: DatabaseHandle = await openDatabase({ url: handle.url, maxConnections: 2 });
    try {
      await prepareRealtimeResolution(other.db);
      await expectIndexMatchesDatabase(other.db);
      // A new person arrives in this process...
      const person: SyntheticRecord = {
        ...data.records[0]!,
        record_id: "two-process-1",
        source: "ecommerce",
        first_name: "Zenobia",
        last_name: "Quillfeather",
        email: "zenobia.quillfeather@example.org",
        phone: "+44 20 7946 0991",
      };
      await importSynthetic(handle.db, [person], false);
      const [created] = (
        await resolveOnArrival(handle.db, [await recordIdOf(handle.db, "two-process-1")], actor)
      ).outcomes;
      expect(created!.decision).toBe("new_profile");
      // ...and the same person again in the other one, which must find the profile the first process made.
      const again: SyntheticRecord = { ...person, record_id: "two-process-2", source: "support" };
      await importSynthetic(other.db, [again], false);
      const [linked] = (
        await resolveOnArrival(other.db, [await recordIdOf(other.db, "two-process-2")], actor)
      ).outcomes;
      expect(linked!.decision).toBe("linked");
      expect(linked!.profileId).toBe(created!.profileId);
      await catchUpRealtimeResolution(handle.db);
      await expectIndexMatchesDatabase(handle.db);
      await expectIndexMatchesDatabase(other.db);
    } finally {
      await other.close();
    }
  });
});
