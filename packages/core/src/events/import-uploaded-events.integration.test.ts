// The portal's events upload: a streamed body read as JSON lines or CSV by the file's name, imported with progress,
// per-row errors and duplicates counted on a second upload of the same file.
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { createSource } from "../sources/manage-sources";
import { eventFileFormatOf, importUploadedEvents } from "./import-uploaded-events";

async function* bodyOf(text: string, pieces = 3): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text);
  const size = Math.ceil(bytes.length / pieces);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe("events upload", () => {
  let handle: TestDatabase;
  let source: { id: string; name: string; kind: "ecommerce" };
  const actor = systemActor("upload-test");

  beforeAll(async () => {
    handle = await createTestDatabase();
    const created = await createSource(handle.db, actor, { name: "upload-shop", kind: "ecommerce" });
    source = { id: created.id, name: created.name, kind: "ecommerce" };
  });
  afterAll(async () => handle?.destroy());

  it("reads the format from the file's name", () => {
    expect(eventFileFormatOf("events.jsonl")).toBe("json");
    expect(eventFileFormatOf("EVENTS.NDJSON")).toBe("json");
    expect(eventFileFormatOf("export.csv")).toBe("csv");
  });

  it("imports JSON lines with progress and per-row errors, and counts a re-upload as duplicates", async () => {
    const lines = [
      JSON.stringify({
        type: "track",
        messageId: "u-1",
        userId: "c-1",
        event: "Signed Up",
        timestamp: "2026-11-01T10:00:00Z",
      }),
      "{not json",
      JSON.stringify({
        type: "page",
        messageId: "u-2",
        anonymousId: "a-2",
        name: "Home",
        timestamp: "2026-11-01T10:01:00Z",
      }),
      JSON.stringify({ type: "teleport", messageId: "u-3", userId: "c-3" }),
    ].join("\n");
    const progress: number[] = [];
    const first = await importUploadedEvents(handle.db, {
      source,
      body: bodyOf(lines),
      fileName: "events.jsonl",
      actor,
      onProgress: (p) => progress.push(p.bytesRead),
    });
    expect(first).toMatchObject({ rowsTotal: 4, accepted: 2, duplicate: 0, rejected: 2 });
    expect(first.errors.map((e) => e.row)).toEqual([2, 4]);
    expect(progress.at(-1)).toBe(Buffer.byteLength(lines));
    const again = await importUploadedEvents(handle.db, {
      source,
      body: bodyOf(lines),
      fileName: "events.jsonl",
      actor,
    });
    expect(again).toMatchObject({ accepted: 0, duplicate: 2, rejected: 2 });
  });

  it("imports CSV with the column names of message fields", async () => {
    const csv =
      "messageId,userId,event,timestamp,total\ncsv-1,c-9,Order Completed,2026-11-02T09:00:00Z,12.5\n";
    const summary = await importUploadedEvents(handle.db, {
      source,
      body: bodyOf(csv, 1),
      fileName: "orders.csv",
      actor,
    });
    expect(summary).toMatchObject({ rowsTotal: 1, accepted: 1, rejected: 0 });
  });
});
