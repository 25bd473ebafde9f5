// Import with the real resolver: records stored by an import are resolved on arrival once a model exists.
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { sourceRecords } from "@c360/db/schema";
import { generateCustomers } from "@c360/matching/synthetic/generate";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { resolveFull } from "../resolution/resolve-full";
import { createSource } from "../sources/manage-sources";
import { importRecords } from "./import-records";
import { rowItems } from "./read-rows";

const actor = systemActor("test");

describe("import with resolution on arrival", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => handle?.destroy());

  it("resolves new records of each committed chunk into profiles", async () => {
    const source = await createSource(handle.db, actor, { name: "crm", kind: "crm" });
    const { records } = generateCustomers({ persons: 150, seed: 11 });
    const initial = records.slice(0, records.length - 20) as unknown as Record<string, unknown>[];
    const arriving = records.slice(records.length - 20) as unknown as Record<string, unknown>[];
    await importRecords(handle.db, { source, rows: rowItems(initial), origin: "file", actor, resolve: null });
    await resolveFull(handle.db, { actor });

    const summary = await importRecords(handle.db, {
      source,
      rows: rowItems(arriving),
      origin: "api",
      actor,
      chunkSize: 8,
    });
    expect(summary).toMatchObject({ accepted: 20, rejected: 0 });
    const unresolved = await handle.db
      .select({ id: sourceRecords.id })
      .from(sourceRecords)
      .where(and(eq(sourceRecords.sourceId, source.id), isNull(sourceRecords.profileId)));
    expect(unresolved).toHaveLength(0);
  });
});
