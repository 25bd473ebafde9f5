// `npm run bench:resolution`: import and resolve ~100,000 multi-source records end to end through the database
// (PGlite by default, PostgreSQL with DATABASE_URL), compare the stored memberships' F1 with the engine alone on
// the same data, then measure the real-time path record by record. Prints a table and writes JSON.
import { openDatabase, type DatabaseHandle } from "@c360/db/client";
import { migrateDatabase } from "@c360/db/migrate";
import { assertLocalDatabaseUrl } from "@c360/db/testing";
import { generateCustomers, pairwiseScore, resolveRecords, writeSyntheticCsv, type SyntheticRecord } from "@c360/matching";
import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { systemActor } from "../src/actor";
import { importRecords } from "../src/ingest/import-records";
import { readCsvRows } from "../src/ingest/read-rows";
import { exportMemberships } from "../src/resolution/export-memberships";
import { resolveFull } from "../src/resolution/resolve-full";
import { resolveOnArrival } from "../src/resolution/resolve-on-arrival";
import { ensureSource } from "../src/sources/manage-sources";

const targetRecords = Number(process.env.C360_BENCH_RECORDS ?? 100_000);
const arrivals = Number(process.env.C360_BENCH_ARRIVALS ?? 1000);
const actor = systemActor("bench");
const work = mkdtempSync(join(os.tmpdir(), "c360-bench-"));

async function openBenchDatabase(): Promise<{ handle: DatabaseHandle; cleanup: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const handle = await openDatabase({ dataDir: join(work, "pglite") });
    return { handle, cleanup: () => handle.close() };
  }
  const base = assertLocalDatabaseUrl(url);
  const { default: postgres } = await import("postgres");
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const name = `c360_bench_${process.pid}`;
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  base.pathname = `/${name}`;
  const handle = await openDatabase({ url: base.toString(), maxConnections: 4 });
  return {
    handle,
    cleanup: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main() {
  const persons = Math.round(targetRecords / 2.6);
  const dataset = generateCustomers({ persons, seed: 4242 });
  // The last records arrive later, one by one, through the real-time path.
  const cut = dataset.records.length - arrivals;
  const batchRecords = dataset.records.slice(0, cut);
  const truth = new Map(dataset.records.map((r, i) => [`${r.source}/${r.record_id}`, dataset.personIds[i]!]));
  const { handle, cleanup } = await openBenchDatabase();
  const figures: Record<string, unknown> = {};
  try {
    const t0 = performance.now();
    await migrateDatabase(handle);
    const bySource = new Map<string, SyntheticRecord[]>();
    for (const record of batchRecords) bySource.set(record.source, [...(bySource.get(record.source) ?? []), record]);
    const files = new Map<string, string>();
    for (const [source, records] of bySource) {
      const file = join(work, `${source}.csv`);
      await writeSyntheticCsv({ records, personIds: records.map(() => "") }, file);
      files.set(source, file);
    }
    const tImport = performance.now();
    for (const [source, file] of files) {
      const { source: stored } = await ensureSource(handle.db, actor, { name: source, kind: source === "ecommerce" ? "ecommerce" : (source as "crm"), fieldMapping: {}, attributeTrust: {} });
      await importRecords(handle.db, { source: stored, rows: readCsvRows(createReadStream(file)), origin: "file", actor, fileName: file, resolve: null });
    }
    const importSeconds = (performance.now() - tImport) / 1000;
    const tResolve = performance.now();
    const resolution = await resolveFull(handle.db, { actor });
    const resolveSeconds = (performance.now() - tResolve) / 1000;
    const endToEnd = (performance.now() - tImport) / 1000;

    const memberships = await exportMemberships(handle.db);
    const stored = pairwiseScore(new Map(memberships.map((m) => [`${m.source}/${m.recordId}`, m.profileId!])), truth);
    const engine = resolveRecords(batchRecords.map((r) => ({ ...r, record_id: `${r.source}/${r.record_id}` })));
    const engineScore = pairwiseScore(new Map(engine.store.ids.map((id, i) => [id, engine.clusterIds[i]!])), truth);
    Object.assign(figures, {
      records: batchRecords.length,
      profiles: resolution.profiles,
      importSeconds: +importSeconds.toFixed(1),
      importRecordsPerSecond: Math.round(batchRecords.length / importSeconds),
      resolveSeconds: +resolveSeconds.toFixed(1),
      endToEndSeconds: +endToEnd.toFixed(1),
      resolveStages: resolution.seconds,
      storedF1: +stored.f1.toFixed(4),
      storedPrecision: +stored.precision.toFixed(4),
      storedRecall: +stored.recall.toFixed(4),
      engineF1: +engineScore.f1.toFixed(4),
    });

    // Real time: the held-back records arrive one at a time (the stream and REST paths call the same function).
    const later = dataset.records.slice(cut);
    for (const [source, records] of new Map([...new Set(later.map((r) => r.source))].map((s) => [s, later.filter((r) => r.source === s)]))) {
      const file = join(work, `${source}-later.csv`);
      await writeSyntheticCsv({ records, personIds: records.map(() => "") }, file);
      const { source: stored } = await ensureSource(handle.db, actor, { name: source, kind: "other", fieldMapping: {}, attributeTrust: {} });
      await importRecords(handle.db, { source: stored, rows: readCsvRows(createReadStream(file)), origin: "stream", actor, resolve: null });
    }
    const { queryRows } = await import("@c360/db/client");
    const { sql } = await import("drizzle-orm");
    const pending = await queryRows<{ id: string }>(handle.db, sql`select id from source_records where profile_id is null`);
    const latencies: number[] = [];
    const tRealtime = performance.now();
    for (const { id } of pending) {
      const t = performance.now();
      await resolveOnArrival(handle.db, [id], actor);
      latencies.push(performance.now() - t);
    }
    const realtimeSeconds = (performance.now() - tRealtime) / 1000;
    latencies.sort((a, b) => a - b);
    const all = await exportMemberships(handle.db);
    const afterArrivals = pairwiseScore(new Map(all.map((m) => [`${m.source}/${m.recordId}`, m.profileId!])), truth);
    Object.assign(figures, {
      realtimeRecords: pending.length,
      realtimeRecordsPerSecond: Math.round(pending.length / realtimeSeconds),
      realtimeP50Ms: +percentile(latencies, 50).toFixed(2),
      realtimeP99Ms: +percentile(latencies, 99).toFixed(2),
      f1AfterArrivals: +afterArrivals.f1.toFixed(4),
      setupSeconds: +((tImport - t0) / 1000).toFixed(1),
    });
  } finally {
    await cleanup();
    rmSync(work, { recursive: true, force: true });
  }
  const report = {
    benchmark: "resolution",
    driver: handle.driver,
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((l) => +l.toFixed(2)), date: new Date().toISOString() },
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    ...figures,
  };
  console.table(Object.entries(report).filter(([, v]) => typeof v !== "object").map(([k, v]) => ({ figure: k, value: v })));
  console.log("resolve stages (s):", JSON.stringify(figures.resolveStages));
  const outDir = join(process.cwd(), "bench", "results");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `resolution-${handle.driver}.json`), JSON.stringify(report, null, 2) + "\n");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
