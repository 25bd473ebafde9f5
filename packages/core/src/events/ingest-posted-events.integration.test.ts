// The REST body of events: a Segment batch, an array, one message, or JSON lines where a bad line is that message's
// error and the rest are stored; the answer keeps the order sent. And a record imported after its events attaches them.
import { queryRows } from "@c360/db/client";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { importRecords } from "../ingest/import-records";
import { rowItems } from "../ingest/read-rows";
import { createSource } from "../sources/manage-sources";
import { ingestPostedEvents } from "./ingest-posted-events";
import type { EventSource } from "./ingest-events";

const actor = systemActor("test:rest");

describe("ingestPostedEvents", () => {
  let handle: TestDatabase;
  let shop: EventSource & { fieldMapping: Record<string, string> };
  beforeAll(async () => {
    handle = await createTestDatabase();
    shop = await createSource(handle.db, actor, { name: "shop", kind: "ecommerce" });
  });
  afterAll(async () => handle?.destroy());

  it("reads a Segment batch, an array or one message as application/json", async () => {
    const page = (id: string) => ({
      type: "page",
      messageId: id,
      anonymousId: "a",
      timestamp: "2026-01-01T00:00:00Z",
    });
    const batch = await ingestPostedEvents(handle.db, {
      source: shop,
      body: JSON.stringify({ batch: [page("b1"), page("b2")] }),
      contentType: "application/json",
      actor,
    });
    const array = await ingestPostedEvents(handle.db, {
      source: shop,
      body: JSON.stringify([page("b2"), page("b3")]),
      contentType: "application/json; charset=utf-8",
      actor,
    });
    const one = await ingestPostedEvents(handle.db, {
      source: shop,
      body: JSON.stringify(page("b4")),
      contentType: "application/json",
      actor,
    });
    expect([batch.accepted, array.accepted, array.duplicate, one.accepted]).toEqual([2, 1, 1, 1]);
    await expect(
      ingestPostedEvents(handle.db, { source: shop, body: "{oops", contentType: "application/json", actor }),
    ).rejects.toThrow(/not valid JSON.*Nothing was stored/);
    await expect(
      ingestPostedEvents(handle.db, { source: shop, body: "[]", contentType: "text/csv", actor }),
    ).rejects.toThrow(/Content-Type text\/csv is not accepted/);
  });

  it("reads JSON lines: a bad line is that message's error, in its place, and the others are stored", async () => {
    const body = [
      JSON.stringify({
        type: "track",
        messageId: "l1",
        userId: "u1",
        event: "Viewed",
        timestamp: "2026-01-01T00:00:00Z",
      }),
      "{bad",
      JSON.stringify({
        type: "track",
        messageId: "l3",
        userId: "u1",
        event: "Viewed",
        timestamp: "2026-01-01T00:00:00Z",
        properties: { blob: "x".repeat(40_000) },
      }),
      JSON.stringify({
        type: "track",
        messageId: "l4",
        userId: "u1",
        event: "Viewed",
        timestamp: "2026-01-01T00:00:00Z",
      }),
    ].join("\n");
    const result = await ingestPostedEvents(handle.db, {
      source: shop,
      body,
      contentType: "application/x-ndjson",
      actor,
    });
    expect(result.results.map((r) => r.status)).toEqual(["accepted", "rejected", "rejected", "accepted"]);
    expect(result.results[1]!.reason).toMatch(/Line 2 is not valid JSON/);
    expect(result.results[2]!.reason).toMatch(/over the limit of 32768 bytes/);
    expect(result.results[3]).toMatchObject({
      index: 3,
      messageId: "l4",
      unattributedReason: "unknown_user_id",
    });
  });

  it("attaches waiting events when the record they name is imported", async () => {
    await importRecords(handle.db, {
      source: shop,
      rows: rowItems([{ record_id: "u1", email: "u1@example.com" }]),
      origin: "api",
      actor,
      resolve: null,
    });
    const rows = await queryRows<{
      external_id: string;
      source_record_id: string | null;
      attributed_by: string | null;
    }>(
      handle.db,
      sql`select external_id, source_record_id, attributed_by::text from interactions where external_id in ('l1', 'l4') order by 1`,
    );
    expect(rows.every((r) => r.source_record_id !== null && r.attributed_by === "user_id")).toBe(true);
  });
});
