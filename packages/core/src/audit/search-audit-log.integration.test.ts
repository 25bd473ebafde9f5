// The governance audit page's query: filters mean the same as on the admin page, pages count right, CSV is safe.
import { auditLog } from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEntries } from "./list-audit-entries";
import { exportAuditLogCsv, searchAuditLog } from "./search-audit-log";

describe("searchAuditLog", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await createTestDatabase();
    const rows = Array.from({ length: 60 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 0, 1 + (i % 30), 12)),
      actorLabel: i % 2 ? "grace@example.com" : "system",
      action: i % 3 ? "profile.view_pii" : "privacy.erasure",
      entityType: i % 3 ? "profile" : "privacy_request",
      entityId: `id-${i}`,
      details: i === 7 ? { note: '=HYPERLINK("x"), quoted' } : { n: i },
    }));
    await handle.db.insert(auditLog).values(rows);
  });
  afterAll(async () => handle?.destroy());

  it("filters by actor, action prefix, record, date range and text, newest first, with a total for paging", async () => {
    const page1 = await searchAuditLog(handle.db, { actor: "GRACE", pageSize: 10 });
    expect(page1.total).toBe(30);
    expect(page1.entries).toHaveLength(10);
    expect(page1.entries.every((e) => e.actorLabel === "grace@example.com")).toBe(true);
    expect(page1.entries[0]!.id).toBeGreaterThan(page1.entries[9]!.id);
    const page3 = await searchAuditLog(handle.db, { actor: "grace", pageSize: 10, page: 3 });
    expect(page3.entries).toHaveLength(10);
    expect(new Set([...page1.entries, ...page3.entries].map((e) => e.id)).size).toBe(20);
    expect((await searchAuditLog(handle.db, { action: "privacy." })).total).toBe(20);
    expect((await searchAuditLog(handle.db, { entityType: "privacy_request", entityId: "id-3" })).total).toBe(
      1,
    );
    const january5to9 = await searchAuditLog(handle.db, {
      from: new Date("2026-01-05T00:00:00Z"),
      to: new Date("2026-01-10T00:00:00Z"),
    });
    expect(january5to9.total).toBe(10);
    expect((await searchAuditLog(handle.db, { text: "hyperlink" })).entries.map((e) => e.entityId)).toEqual([
      "id-7",
    ]);
    expect((await searchAuditLog(handle.db, { text: "50%" })).total).toBe(0);
  });

  it("refuses a date range that ends before it starts, by name", async () => {
    await expect(
      searchAuditLog(handle.db, { from: new Date("2026-02-01"), to: new Date("2026-01-01") }),
    ).rejects.toThrow(/ends before it starts/);
  });

  it("shares its filters with the admin page's latest entries", async () => {
    const latest = await listAuditEntries(handle.db, { action: "privacy.", limit: 5 });
    const searched = await searchAuditLog(handle.db, { action: "privacy.", pageSize: 5 });
    expect(latest.map((e) => e.id)).toEqual(searched.entries.map((e) => e.id));
  });

  it("exports the filtered rows as CSV, quoted", async () => {
    const file = await exportAuditLogCsv(handle.db, { text: "hyperlink" });
    const lines = file.content.trim().split("\r\n");
    expect(lines[0]).toBe("id,at,actor,action,entity_type,entity_id,details");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"{""note"":""=HYPERLINK(\\""x\\""), quoted""}"`);
    expect(file).toMatchObject({ rows: 1, truncated: false });
    expect((await exportAuditLogCsv(handle.db, {})).rows).toBe(60);
  });
});
