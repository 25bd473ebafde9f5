// Issue 20, item 6: people whose names, emails and phones differ only in digits, imported on arrival into a database
// that already has a trained model (the CLI import's core function, which resolves in real time), are as many
// profiles as people; and real time, the full run and the engine agree on the same records. Before: 50 people of
// 4 records were one profile in real time and 6 after a full run.
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import {
  generateCustomers,
  generateLookalikes,
  resolveRecords,
  type LookalikeOptions,
  type LookalikeRecord,
} from "@c360/matching";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { importRecords } from "../ingest/import-records";
import { rowItems } from "../ingest/read-rows";
import { ensureSource } from "../sources/manage-sources";
import {
  canonicalClusters,
  enginePartition,
  mixedClusters,
  partitionOf,
  storedPartition,
} from "./compare-partitions";
import { resolveFull } from "./resolve-full";
import { settleRealtimeResolution } from "./resolve-on-arrival";
import type { Database } from "@c360/db/client";

const actor = systemActor("test");

/** Imports records source by source through the CLI's core function; `resolve` null leaves them unresolved. */
async function importAll(db: Database, records: readonly LookalikeRecord[], resolve: boolean): Promise<void> {
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
      origin: "file",
      actor,
      ...(resolve ? {} : { resolve: null }),
    });
  }
}

/** The case first, then seeded sets: other sizes, formats that vary, a missing phone, two sources. */
const cases: (LookalikeOptions & { label: string })[] = [
  { label: "50 people x 4 records, as in the issue", persons: 50, recordsPerPerson: 4, stem: "stream" },
  {
    label: "30 x 5, seed 1, two sources",
    persons: 30,
    recordsPerPerson: 5,
    seed: 1,
    stem: "flow",
    sources: ["flow_crm", "flow_web"],
  },
  { label: "60 x 2, seed 2", persons: 60, recordsPerPerson: 2, seed: 2, stem: "pulse" },
  {
    label: "20 x 7, seed 3, two sources",
    persons: 20,
    recordsPerPerson: 7,
    seed: 3,
    stem: "wave",
    sources: ["wave_crm", "wave_shop"],
  },
];

describe("look-alikes that differ only in digits: engine, real time and the full run agree", () => {
  let handle: TestDatabase;

  beforeAll(async () => {
    handle = await createTestDatabase();
    // A database that already has a trained model, trained on other customers.
    await importAll(handle.db, generateCustomers({ persons: 250, seed: 11 }).records, false);
    await resolveFull(handle.db, { actor });
  });
  afterAll(async () => handle?.destroy());

  it.each(cases)("$label", async ({ label: _label, ...options }) => {
    const data = generateLookalikes(options);
    const sources = [...new Set(data.records.map((r) => r.source))];
    const truth = partitionOf(data.records.map((r, i) => [r.source, r.record_id, data.personIds[i]!]));

    // The engine alone on these records (`c360 match`, its own model): one cluster per person.
    const own = resolveRecords(data.records);
    const ownPartition = partitionOf(data.records.map((r, i) => [r.source, r.record_id, own.clusterIds[i]!]));
    expect(canonicalClusters(ownPartition)).toEqual(canonicalClusters(truth));

    // Imported on arrival: decided in real time against the stored records.
    await importAll(handle.db, data.records, true);
    await settleRealtimeResolution(handle.db);
    const realtime = await storedPartition(handle.db, sources);
    expect(realtime.size).toBe(data.records.length);
    expect(mixedClusters(realtime, truth)).toEqual([]);

    // The engine over the database's records with its model, then the full run that writes it.
    const engine = (await enginePartition(handle.db, sources))!;
    expect(mixedClusters(engine, truth)).toEqual([]);
    await resolveFull(handle.db, { actor });
    const full = await storedPartition(handle.db, sources);

    expect(canonicalClusters(realtime)).toEqual(canonicalClusters(engine));
    expect(canonicalClusters(full)).toEqual(canonicalClusters(engine));
    expect(canonicalClusters(full)).toEqual(canonicalClusters(truth));
  });
});
