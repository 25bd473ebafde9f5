// Partitions of records into people, read three ways for the same stored records: as stored (what real time or a
// full run wrote), and as the engine would cluster them with the active model, without writing anything. Tests
// and benchmarks check that real time, the full run and the engine agree (issue 20, item 6).
import { queryRows, type Database } from "@c360/db/client";
import { labelledPairs } from "@c360/db/schema";
import { RecordStore, resolveStore } from "@c360/matching";
import { sql } from "drizzle-orm";
import { loadActiveRecords } from "./load-active-records";
import { loadActiveModel } from "./model-store";
import { answersAsLabels } from "./plan-review-and-households";
import { pgTextArray } from "@c360/db/bulk";

/** Record key (`source/external id`) -> cluster label; equal labels, same person. */
export type Partition = Map<string, string>;

const keyOf = (source: string, externalId: string) => `${source}/${externalId}`;

/** The profile each record of these sources belongs to, as stored. */
export async function storedPartition(db: Database, sourceNames: readonly string[]): Promise<Partition> {
  const rows = await queryRows<{ source: string; external_id: string; profile_id: string | null }>(
    db,
    sql`select src.name as source, s.external_id, s.profile_id::text as profile_id
        from source_records s join sources src on src.id = s.source_id
        where src.name = any(${pgTextArray(sourceNames)}::text[]) and s.status = 'active'`,
  );
  return new Map(
    rows.map((r) => [keyOf(r.source, r.external_id), r.profile_id ?? `unresolved:${r.external_id}`]),
  );
}

/**
 * How the engine clusters every active record with the active model (calibrated on stewards' answers, as the full
 * run does), restricted to the records of these sources. Null when no model has been trained.
 */
export async function enginePartition(
  db: Database,
  sourceNames: readonly string[],
): Promise<Partition | null> {
  const active = await loadActiveModel(db);
  if (!active) return null;
  const records = await loadActiveRecords(db);
  const store = new RecordStore();
  for (const record of records) store.add(record.standardized);
  const answers = await db.select().from(labelledPairs);
  const resolution = resolveStore(store, { model: active.model, labels: answersAsLabels(answers) });
  const wanted = new Set(sourceNames);
  const partition: Partition = new Map();
  records.forEach((record, i) => {
    if (wanted.has(record.sourceName))
      partition.set(keyOf(record.sourceName, record.externalId), resolution.clusterIds[i]!);
  });
  return partition;
}

/** A partition from labels given per record key (the truth of a generated dataset, the engine on its own records). */
export function partitionOf(
  entries: Iterable<[source: string, externalId: string, label: string]>,
): Partition {
  const partition: Partition = new Map();
  for (const [source, externalId, label] of entries) partition.set(keyOf(source, externalId), label);
  return partition;
}

/** Each record's cluster as the sorted keys of its members: equal for two partitions exactly when they agree. */
export function canonicalClusters(partition: Partition): string[][] {
  const members = new Map<string, string[]>();
  for (const [key, label] of partition) {
    const list = members.get(label);
    if (list) list.push(key);
    else members.set(label, [key]);
  }
  return [...members.values()].map((list) => list.sort()).sort((x, y) => (x[0]! < y[0]! ? -1 : 1));
}

/** Clusters of `partition` that hold records of two or more people of `truth` (a snowball, or any wrong merge). */
export function mixedClusters(partition: Partition, truth: Partition): string[][] {
  return canonicalClusters(partition).filter(
    (cluster) => new Set(cluster.map((key) => truth.get(key))).size > 1,
  );
}
