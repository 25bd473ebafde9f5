import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { auditLog, importBatches, sourceRecords, sourceRecordVersions, suppressions } from "@c360/db/schema";
import { queryRows } from "@c360/db/client";
import { standardizeRecord } from "@c360/matching/standardize/record";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { createSource, type PublicSource } from "../sources/manage-sources";
import { loadSuppressionKey } from "../privacy/suppression-key";
import { computeIdentityHashes } from "./identity-hash";
import { importRecords, inputKeyOf, type ImportRecordsOptions } from "./import-records";
import { readCsvRows, readJsonRows } from "./read-rows";

const actor = systemActor("test");
const header = "record_id,first_name,last_name,email,dob";

function csvOf(rows: string[]): string {
  return [header, ...rows].join("\n") + "\n";
}
function peopleCsv(n: number, offset = 0, suffix = ""): string {
  return csvOf(
    Array.from(
      { length: n },
      (_, i) =>
        `p${i + offset},Ann${i + offset},Lee${suffix},ann${i + offset}@example.com,1980-01-0${((i + offset) % 9) + 1}`,
    ),
  );
}
async function* bytesOf(text: string | Buffer, pieceSize = 97): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  // Small odd-sized pieces: multi-byte characters and rows straddle chunk boundaries.
  for (let i = 0; i < bytes.length; i += pieceSize) yield bytes.subarray(i, i + pieceSize);
}

describe("importRecords", () => {
  let handle: TestDatabase;
  let seq = 0;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => handle?.destroy());

  const newSource = (mapping: Record<string, string> = {}) =>
    createSource(handle.db, actor, { name: `src-${++seq}`, kind: "crm", fieldMapping: mapping });
  const run = (source: PublicSource, csv: string, extra: Partial<ImportRecordsOptions> = {}) =>
    importRecords(handle.db, {
      source,
      rows: readCsvRows(bytesOf(csv)),
      origin: "file",
      actor,
      resolve: null,
      chunkSize: 7,
      ...extra,
    });
  const counts = async (sourceId: string) => {
    const [row] = await queryRows<{ records: number; versions: number }>(
      handle.db,
      sql`select (select count(*)::int from source_records where source_id = ${sourceId}) as records,
                 (select count(*)::int from source_record_versions v join source_records r on r.id = v.record_id where r.source_id = ${sourceId}) as versions`,
    );
    return row!;
  };

  it("stores new rows with version 1, raw verbatim and standardized, and a re-import changes nothing", async () => {
    const source = await newSource();
    const csv = peopleCsv(30);
    const first = await run(source, csv);
    expect(first).toMatchObject({
      status: "completed",
      rowsTotal: 30,
      accepted: 30,
      unchanged: 0,
      rejected: 0,
    });
    const [stored] = await handle.db
      .select()
      .from(sourceRecords)
      .where(eq(sourceRecords.externalId, "p3"))
      .limit(1);
    expect(stored!.raw).toEqual({
      record_id: "p3",
      first_name: "Ann3",
      last_name: "Lee",
      email: "ann3@example.com",
      dob: "1980-01-04",
    });
    expect(stored!.standardized).toMatchObject({
      id: "p3",
      source: source.name,
      email: "ann3@example.com",
      dob: "1980-01-04",
    });
    expect(stored!.currentVersion).toBe(1);

    const again = await run(source, csv);
    expect(again).toMatchObject({ accepted: 0, unchanged: 30, rejected: 0 });
    expect(await counts(source.id)).toEqual({ records: 30, versions: 30 });
    const audits = await handle.db.select().from(auditLog).where(eq(auditLog.action, "import.batch"));
    const mine = audits.filter((a) => a.details.source === source.name);
    expect(mine).toHaveLength(2);
    expect(JSON.stringify(mine)).not.toContain("example.com");
  });

  it("makes version 2 of a changed row and keeps version 1", async () => {
    const source = await newSource();
    await run(source, peopleCsv(5));
    const changed = csvOf([
      "p0,Ann0,Lee,ann0@example.com,1980-01-01",
      "p1,Ann1,Leigh,ann1@example.com,1980-01-02",
    ]);
    const result = await run(source, changed);
    expect(result).toMatchObject({ accepted: 1, unchanged: 1 });
    const p1 = (
      await handle.db
        .select()
        .from(sourceRecords)
        .where(sql`${sourceRecords.sourceId} = ${source.id} and ${sourceRecords.externalId} = 'p1'`)
    )[0]!;
    expect(p1.currentVersion).toBe(2);
    expect(p1.raw.last_name).toBe("Leigh");
    const versions = await handle.db
      .select()
      .from(sourceRecordVersions)
      .where(eq(sourceRecordVersions.recordId, p1.id));
    expect(versions.map((v) => [v.version, v.raw.last_name]).sort()).toEqual([
      [1, "Lee"],
      [2, "Leigh"],
    ]);
  });

  it("treats an id repeated in one file as a later change, as if sent one after the other", async () => {
    const source = await newSource();
    const result = await run(
      source,
      csvOf(["x1,A,B,a@example.com,", "x1,A,C,a@example.com,", "x1,A,C,a@example.com,"]),
    );
    expect(result).toMatchObject({ accepted: 2, unchanged: 1 });
    expect(await counts(source.id)).toEqual({ records: 1, versions: 2 });
  });

  it("reports bad rows with their row numbers and reasons while storing the good ones", async () => {
    const source = await newSource();
    const big = "x".repeat(10 * 1024 * 1024);
    const lines = [
      "g1,Ann,Lee,ann@example.com,1980-01-01", // row 2
      ",NoId,Lee,noid@example.com,", // row 3
      `g2,${big},Lee,big@example.com,`, // row 4
      "g3,Bob,Ray,bob@example.com,1970-02-02,extra", // row 5
      "g4,Cy,Dee,cy@example.com,", // row 6
    ];
    const bytes = Buffer.concat([
      Buffer.from(csvOf(lines)),
      Buffer.from("g5,Caf"),
      Buffer.from([0xe9, 0x0a]),
    ]);
    const result = await importRecords(handle.db, {
      source,
      rows: readCsvRows(bytesOf(bytes, 65_536)),
      origin: "file",
      actor,
      resolve: null,
    });
    expect(result).toMatchObject({ status: "completed", rowsTotal: 6, accepted: 2, rejected: 4 });
    expect(result.errors.map((e) => e.row)).toEqual([3, 4, 5, 7]);
    expect(result.errors[0]!.reason).toMatch(/no record id/);
    expect(result.errors[1]!.reason).toMatch(/more than 65536/);
    expect(result.errors[2]!.reason).toMatch(/6 cells but the header has 5/);
    expect(result.errors[3]!.reason).toMatch(/not UTF-8/);
    expect((await counts(source.id)).records).toBe(2);
  });

  it("reads JSON lines and JSON arrays, reporting an unparsable line by number", async () => {
    const source = await newSource({ mail: "email", id: "record_id" });
    const lines = [
      '{"id":"j1","mail":"j1@example.com","nested":{"keep":true}}',
      "{not json",
      '"a string"',
      '{"id":"j2","mail":"j2@example.com"}',
    ].join("\n");
    const result = await importRecords(handle.db, {
      source,
      rows: readJsonRows(bytesOf(lines, 5)),
      origin: "api",
      actor,
      resolve: null,
    });
    expect(result).toMatchObject({ accepted: 2, rejected: 2 });
    expect(result.errors.map((e) => e.row)).toEqual([2, 3]);
    const array =
      '[{"id":"j1","mail":"j1@example.com","nested":{"keep":true}}, {"id":"j3","mail":"j3@example.com"}, {"id": ]';
    const second = await importRecords(handle.db, {
      source,
      rows: readJsonRows(bytesOf(array, 3)),
      origin: "api",
      actor,
      resolve: null,
    });
    expect(second).toMatchObject({ accepted: 1, unchanged: 1, rejected: 1 });
    const [j1] = await handle.db
      .select()
      .from(sourceRecords)
      .where(sql`${sourceRecords.sourceId} = ${source.id} and ${sourceRecords.externalId} = 'j1'`);
    expect(j1!.raw).toEqual({ id: "j1", mail: "j1@example.com", nested: { keep: true } });
    expect(j1!.standardized).toMatchObject({ email: "j1@example.com" });
  });

  it("refuses a mapping that names a missing column, and a file without an id column, before storing anything", async () => {
    const source = await newSource();
    await expect(run(source, peopleCsv(3), { mapping: { mail: "email" } })).rejects.toThrow(
      /column "mail", which the header does not have/,
    );
    await expect(run(source, "name,email\nA,a@example.com\n")).rejects.toThrow(/No record id column/);
    await expect(run(source, "")).rejects.toThrow(/empty/);
    const batches = await handle.db.select().from(importBatches).where(eq(importBatches.sourceId, source.id));
    expect(batches).toHaveLength(0);
  });

  it("resumes after a crash from the checkpoint: counts equal an uninterrupted run, nothing duplicated", async () => {
    const source = await newSource();
    const reference = await newSource();
    const csv = peopleCsv(50) + "bad\n";
    const uninterrupted = await run(reference, csv);
    const inputKey = inputKeyOf("file-sha-1");
    await expect(
      run(source, csv, {
        inputKey,
        beforeChunkCommit: (n) => {
          if (n === 4) throw new Error("simulated crash");
        },
      }),
    ).rejects.toThrow("simulated crash");
    const [crashed] = await handle.db
      .select()
      .from(importBatches)
      .where(eq(importBatches.sourceId, source.id));
    expect(crashed).toMatchObject({ status: "running", checkpoint: 22 });
    expect((await counts(source.id)).records).toBe(21);

    const resumed = await run(source, csv, { inputKey });
    expect(resumed.resumed).toBe(true);
    expect(resumed.batchId).toBe(crashed!.id);
    const pick = (s: typeof resumed) => ({
      rowsTotal: s.rowsTotal,
      accepted: s.accepted,
      unchanged: s.unchanged,
      rejected: s.rejected,
      errors: s.errors,
    });
    expect(pick(resumed)).toEqual(pick(uninterrupted));
    expect(await counts(source.id)).toEqual(await counts(reference.id));
  });

  it("ends two concurrent overlapping imports the same as sequential ones", async () => {
    const concurrent = await newSource();
    const sequential = await newSource();
    const a = peopleCsv(60, 0);
    const b = peopleCsv(60, 30);
    const results = await Promise.all([
      run(concurrent, a, { chunkSize: 10 }),
      run(concurrent, b, { chunkSize: 10 }),
    ]);
    await run(sequential, a, { chunkSize: 10 });
    await run(sequential, b, { chunkSize: 10 });
    expect(await counts(concurrent.id)).toEqual({ records: 90, versions: 90 });
    expect(await counts(sequential.id)).toEqual({ records: 90, versions: 90 });
    expect(results[0].accepted + results[1].accepted).toBe(90);
    expect(results[0].unchanged + results[1].unchanged).toBe(30);
  });

  it("skips a row of an erased subject and reports it without the personal data", async () => {
    const source = await newSource();
    const standard = standardizeRecord({ record_id: "any", email: " Erased@Example.com" });
    const key = await loadSuppressionKey(handle.db);
    const emailHash = computeIdentityHashes({ sourceId: source.id, externalId: "any", standard }, key).find(
      (h) => h.kind === "email",
    )!;
    await handle.db
      .insert(suppressions)
      .values({ identityHash: emailHash.hash, identityKind: "email", reason: "erasure" });
    const result = await run(
      source,
      csvOf(["e1,Eve,Gone,erased@example.com,", "k1,Kay,Kept,kay@example.com,"]),
    );
    expect(result).toMatchObject({ accepted: 1, rejected: 1 });
    expect(result.errors[0]).toMatchObject({ row: 2 });
    expect(result.errors[0]!.reason).toMatch(/erased subject/);
    expect(JSON.stringify(result.errors)).not.toContain("erased@example.com");
    expect((await counts(source.id)).records).toBe(1);
  });

  it("resolves new and changed records after each chunk, and not unchanged ones", async () => {
    const source = await newSource();
    const resolved: string[][] = [];
    const resolve = async (ids: string[]) => {
      resolved.push(ids);
    };
    await run(source, peopleCsv(10), { resolve, chunkSize: 4 });
    expect(resolved.map((ids) => ids.length)).toEqual([4, 4, 2]);
    resolved.length = 0;
    await run(
      source,
      csvOf(["p0,Ann0,Lee,ann0@example.com,1980-01-01", "p1,Ann1,Other,ann1@example.com,1980-01-02"]),
      { resolve },
    );
    expect(resolved.flat()).toHaveLength(1);
  });
});
