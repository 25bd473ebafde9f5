import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { createSource, type PublicSource } from "../sources/manage-sources";
import {
  formatOfContentType,
  importPostedRecords,
  importUploadedFile,
  PayloadTooLargeError,
  readBodyWithin,
} from "./import-posted-records";

const actor = systemActor("source:web");

describe("posted records", () => {
  let handle: TestDatabase;
  let source: PublicSource;
  beforeAll(async () => {
    handle = await createTestDatabase();
    source = await createSource(handle.db, systemActor(), {
      name: "web",
      kind: "web",
      fieldMapping: { uid: "record_id", mail: "email" },
    });
  });
  afterAll(async () => handle?.destroy());

  it("accepts a JSON array and JSON lines, and a retried request changes nothing", async () => {
    const array = Buffer.from(
      JSON.stringify([
        { uid: "u1", mail: "a@example.com" },
        { uid: "", mail: "b@example.com" },
      ]),
    );
    const first = await importPostedRecords(handle.db, {
      source,
      body: array,
      contentType: "application/json; charset=utf-8",
      actor,
      resolve: null,
    });
    expect(first).toMatchObject({ accepted: 1, rejected: 1, errors: [{ row: 2 }] });
    const again = await importPostedRecords(handle.db, {
      source,
      body: array,
      contentType: "application/json",
      actor,
      resolve: null,
    });
    expect(again).toMatchObject({ accepted: 0, unchanged: 1, rejected: 1 });
    const lines = Buffer.from('{"uid":"u2","mail":"c@example.com"}\n{"uid":"u1","mail":"a2@example.com"}\n');
    const third = await importPostedRecords(handle.db, {
      source,
      body: lines,
      contentType: "application/x-ndjson",
      actor,
      resolve: null,
    });
    expect(third).toMatchObject({ accepted: 2, unchanged: 0 });
  });

  it("refuses an unknown content type and a body over the limit, naming what was wrong", async () => {
    expect(() => formatOfContentType("text/plain")).toThrow(/text\/plain is not accepted/);
    expect(formatOfContentType("text/csv")).toBe("csv");
    await expect(readBodyWithin([Buffer.alloc(600), Buffer.alloc(600)], 1000)).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
    await expect(readBodyWithin([Buffer.alloc(10)], 1000, 5000)).rejects.toThrow(/larger than/);
    await expect(readBodyWithin([], 1000)).rejects.toThrow(/empty/);
  });

  it("streams an upload with byte and row progress", async () => {
    const csv = "uid,mail\n" + Array.from({ length: 2500 }, (_, i) => `up${i},p${i}@example.com`).join("\n");
    const progress: number[] = [];
    async function* pieces() {
      for (let i = 0; i < csv.length; i += 4096) yield Buffer.from(csv.slice(i, i + 4096));
    }
    const summary = await importUploadedFile(handle.db, {
      source,
      body: pieces(),
      fileName: "up.csv",
      actor,
      onProgress: (p) => void progress.push(p.bytesRead),
    });
    expect(summary).toMatchObject({ accepted: 2500, rejected: 0 });
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[progress.length - 1]).toBe(csv.length);
  });

  it("refuses only the row holding a NUL character or absurd nesting; the others are stored and the batch completes", async () => {
    const deep = "[".repeat(20_000) + "]".repeat(20_000);
    const body = Buffer.from(
      `{"uid":"n1","mail":"good1@example.com"}\n{"uid":"n2","mail":"bad\\u0000@example.com"}\n{"uid":"n3","mail":"good3@example.com","x":${deep}}\n` +
        `{"uid":"n4","mail":"good4@example.com","note":{"k\\u0000":1}}\n{"uid":"n5","mail":"good5@example.com"}\n`,
    );
    const json = await importPostedRecords(handle.db, {
      source,
      body,
      contentType: "application/x-ndjson",
      actor,
      resolve: null,
    });
    expect(json).toMatchObject({ accepted: 2, rejected: 3, status: "completed" });
    expect(json.errors).toEqual([
      { row: 2, reason: expect.stringContaining('column "mail" holds a NUL character') },
      { row: 3, reason: expect.stringContaining("nested more than 32 levels") },
      { row: 4, reason: expect.stringContaining("NUL character") },
    ]);
    // A retry of the same body resumes the completed batch: nothing fails, nothing is stored twice.
    expect(
      await importPostedRecords(handle.db, {
        source,
        body,
        contentType: "application/x-ndjson",
        actor,
        resolve: null,
      }),
    ).toMatchObject({ accepted: 0 });

    const csv = Buffer.from(
      "uid,mail\nc1,csv1@example.com\nc2,csv\u00002@example.com\nc3,csv3@example.com\n",
    );
    const fromCsv = await importPostedRecords(handle.db, {
      source,
      body: csv,
      contentType: "text/csv",
      actor,
      resolve: null,
    });
    expect(fromCsv).toMatchObject({
      accepted: 2,
      rejected: 1,
      errors: [{ row: 3, reason: expect.stringContaining("NUL character") }],
    });
  });
});
