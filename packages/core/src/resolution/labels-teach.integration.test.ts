// Stewards' answers stored in labelled_pairs teach the model the database runs with: a full run with the active model
// and a run that trains a new one both learn from them, and the model stored stays the unsupervised one.
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { labelledPairs, matchModels, sourceRecords, sources } from "@c360/db/schema";
import {
  generateCustomers,
  pairwiseScore,
  probabilityToWeight,
  resolveRecords,
  standardizeRecord,
} from "@c360/matching";
import { eq } from "drizzle-orm";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../actor";
import { enginePartition } from "./compare-partitions";
import { exportMemberships } from "./export-memberships";
import { resolveFull } from "./resolve-full";

const actor = systemActor("test");

describe("stewards' answers teach the model in the database", () => {
  let handle: TestDatabase;
  const data = generateCustomers({ persons: 400, seed: 5 });
  const truth = new Map(data.records.map((r, i) => [r.record_id, data.personIds[i]!]));
  const idOf = new Map<string, string>();

  beforeAll(async () => {
    handle = await createTestDatabase();
    const sourceIds = new Map<string, string>();
    for (const name of new Set(data.records.map((r) => r.source))) {
      const [row] = await handle.db
        .insert(sources)
        .values({ name, kind: name === "ecommerce" ? "ecommerce" : (name as "crm") })
        .returning();
      sourceIds.set(name, row!.id);
    }
    for (let i = 0; i < data.records.length; i += 500) {
      const rows = await handle.db
        .insert(sourceRecords)
        .values(
          data.records.slice(i, i + 500).map((record) => ({
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
  });
  afterAll(async () => handle?.destroy());

  it("learns from stored answers in the next run and in a run that retrains, and stores the model untaught", async () => {
    const first = await resolveFull(handle.db, { actor });
    expect(first.trained).toBe(true);
    expect(first.learning.answers).toBe(0);

    // Answers a steward would give, from the truth, to the pairs the review band considers: kept apart (here by
    // the engine on the same records, which the database run equals) with a probability of one person of 0.3 or more.
    const memberships = await exportMemberships(handle.db);
    const engine = resolveRecords(data.records);
    const ids = engine.store.idList();
    const answers: { a: string; b: string; match: boolean }[] = [];
    for (let i = 0; i < engine.scored.length; i++) {
      const [a, b] = [engine.scored.a[i]!, engine.scored.b[i]!];
      if (
        engine.clusterIds[a] === engine.clusterIds[b] ||
        engine.scored.weight[i]! < probabilityToWeight(0.3)
      )
        continue;
      answers.push({ a: ids[a]!, b: ids[b]!, match: truth.get(ids[a]!) === truth.get(ids[b]!) });
    }
    expect(answers.filter((a) => a.match).length).toBeGreaterThanOrEqual(10);
    expect(answers.filter((a) => !a.match).length).toBeGreaterThanOrEqual(10);
    await handle.db.insert(labelledPairs).values(
      answers.map((answer) => {
        const [recordAId, recordBId] = [idOf.get(answer.a)!, idOf.get(answer.b)!].sort();
        return {
          recordAId: recordAId!,
          recordBId: recordBId!,
          isMatch: answer.match,
          source: "steward" as const,
        };
      }),
    );

    const taught = await resolveFull(handle.db, { actor });
    expect(taught.trained).toBe(false);
    expect(taught.learning.answers).toBeGreaterThanOrEqual(20);
    // Pairs below the threshold were one person more often than the model said: they now link from a lower weight.
    expect(taught.learning.matchWeight).toBeLessThan(first.learning.matchWeight);
    const after = await exportMemberships(handle.db);
    const f1 = (rows: typeof after) =>
      pairwiseScore(new Map(rows.map((m) => [m.recordId, m.profileId!])), truth).f1;
    expect(f1(after)).toBeGreaterThan(f1(memberships));

    // The engine's partition for comparisons learns from the same answers.
    const partition = await enginePartition(handle.db, [...new Set(data.records.map((r) => r.source))]);
    expect(partition).not.toBeNull();

    const retrained = await resolveFull(handle.db, { actor, retrain: true });
    expect(retrained.trained).toBe(true);
    expect(retrained.learning.answers).toBe(taught.learning.answers);
    const [stored] = await handle.db.select().from(matchModels).where(eq(matchModels.active, true));
    expect((stored!.model as { calibration?: unknown }).calibration ?? null).toBeNull();
  });
});
