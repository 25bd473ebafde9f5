// `npm run bench:resolution`: import and resolve ~100,000 multi-source records end to end through the database
// (PGlite by default, PostgreSQL with DATABASE_URL), compare the stored memberships' F1 with the engine alone on
// the same data, then measure the real-time path record by record. Prints a table and writes JSON.
import { openDatabase, type DatabaseHandle } from "@c360/db/client";
import { migrateDatabase } from "@c360/db/migrate";
import { assertLocalDatabaseUrl } from "@c360/db/testing";
import {
  generateCustomers,
  pairwiseScore,
  resolveRecords,
  standardizeRecord,
  writeSyntheticCsv,
  type SyntheticRecord,
} from "@c360/matching";
import { randomUUID } from "node:crypto";
import {
  createReadStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { systemActor } from "../src/actor";
import { importRecords } from "../src/ingest/import-records";
import { readCsvRows } from "../src/ingest/read-rows";
import { exportMemberships } from "../src/resolution/export-memberships";
import {
  prepareRealtimeResolution,
  realtimeTimings,
  settleRealtimeResolution,
} from "../src/resolution/resolve-on-arrival";
import { resolveFull } from "../src/resolution/resolve-full";
import { contentHashOf } from "../src/ingest/content-hash";
import { defaultResolver } from "../src/ingest/import-records";
import { importPostedRecords } from "../src/ingest/import-posted-records";
import { loadActiveModel } from "../src/resolution/model-store";
import { pgTextArray } from "@c360/db/bulk";
import { ensureSource } from "../src/sources/manage-sources";
import { refreshGoldenAttributes } from "../src/profiles/refresh-golden-attributes";
import { measureMachineSpeed, type MachineSpeed } from "./machine-speed";

const targetRecords = Number(process.env.C360_BENCH_RECORDS ?? 100_000);
/** Records held back and sent through the real-time path. */
const arrivals = Number(process.env.C360_BENCH_ARRIVALS ?? 5000);
/** Of those, the first ones warm the process up and are not timed (a quarter by default). */
const warmupRecords = Number(process.env.C360_BENCH_WARMUP_RECORDS ?? Math.floor(arrivals / 4));
/** Records in the database when the real-time phase starts; beyond the imported ones they are bulk-filled. */
const storeSize = Number(process.env.C360_BENCH_STORE_RECORDS ?? 0);
const rate = Number(process.env.C360_BENCH_RATE ?? 1000);
const postSize = Number(process.env.C360_BENCH_POST_SIZE ?? 25);
const clients = Number(process.env.C360_BENCH_CLIENTS ?? 4);
const actor = systemActor("bench");
const work = mkdtempSync(join(os.tmpdir(), "c360-bench-"));

interface BenchDatabase {
  handle: DatabaseHandle;
  /** Opened as a copy of C360_BENCH_TEMPLATE: the batch and the fill are already in it. */
  fromTemplate: boolean;
  /** Saves the database as C360_BENCH_TEMPLATE (closes the handle, returns a new one). */
  saveTemplate: (() => Promise<DatabaseHandle>) | null;
  cleanup: (handle: DatabaseHandle) => Promise<void>;
}

/**
 * A database of its own for the run. With C360_BENCH_TEMPLATE=NAME (PostgreSQL, for iterating on the real-time
 * phase), the first run saves the database after the batch and the fill under that name and later runs start
 * from a copy of it, skipping both (their figures are then absent).
 */
async function openBenchDatabase(): Promise<BenchDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const handle = await openDatabase({ dataDir: join(work, "pglite") });
    return { handle, fromTemplate: false, saveTemplate: null, cleanup: (h) => h.close() };
  }
  const base = assertLocalDatabaseUrl(url);
  const { default: postgres } = await import("postgres");
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const name = `c360_bench_${process.pid}`;
  const template = process.env.C360_BENCH_TEMPLATE ?? null;
  const fromTemplate =
    template !== null && (await admin`select 1 from pg_database where datname = ${template}`).length > 0;
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(
    fromTemplate ? `create database "${name}" template "${template}"` : `create database "${name}"`,
  );
  base.pathname = `/${name}`;
  const open = () => openDatabase({ url: base.toString(), maxConnections: 4 });
  const handle = await open();
  return {
    handle,
    fromTemplate,
    saveTemplate:
      template && !fromTemplate
        ? async () => {
            await handle.close();
            await admin.unsafe(`create database "${template}" template "${name}"`);
            console.log(`saved the database as ${template}`);
            return open();
          }
        : null,
    cleanup: async (h) => {
      await h.close();
      if (process.env.C360_BENCH_KEEP_DB) {
        console.log(`kept database ${name}`);
        await admin.end();
        return;
      }
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * Bulk-inserts records as a finished resolution would have left them: standardized, each in its person's profile
 * (the profile resolution gave that person, or a new one), with golden values and search text. No versions or
 * review tasks.
 */
async function fillResolvedRecords(
  handle: DatabaseHandle,
  records: SyntheticRecord[],
  personIds: string[],
  memberships: { source: string; recordId: string; profileId: string | null }[],
  truth: Map<string, string>,
): Promise<number> {
  const { queryRows } = await import("@c360/db/client");
  const { sql } = await import("drizzle-orm");
  if (!(await loadActiveModel(handle.db))) throw new Error("fill needs a trained model");
  const profileOfPerson = new Map<string, string>();
  for (const m of memberships)
    if (m.profileId) profileOfPerson.set(truth.get(`${m.source}/${m.recordId}`)!, m.profileId);
  const sourceIds = new Map<string, string>();
  for (const name of new Set(records.map((r) => r.source))) {
    const { source } = await ensureSource(handle.db, actor, {
      name,
      kind: "other",
      fieldMapping: {},
      attributeTrust: {},
    });
    sourceIds.set(name, source.id);
  }
  const chunk = 5000;
  for (let start = 0; start < records.length; start += chunk) {
    const slice = records.slice(start, start + chunk);
    const standardized = slice.map((r) => standardizeRecord(r));
    const newProfiles: string[] = [];
    const rows = slice.map((r, i) => {
      const person = personIds[start + i]!;
      let profileId = profileOfPerson.get(person);
      if (!profileId) {
        profileId = randomUUID();
        profileOfPerson.set(person, profileId);
        newProfiles.push(profileId);
      }
      return {
        id: randomUUID(),
        source_id: sourceIds.get(r.source)!,
        external_id: r.record_id,
        content_hash: contentHashOf(r as unknown as Record<string, unknown>),
        raw: r,
        standardized: standardized[i],
        profile_id: profileId,
      };
    });
    await handle.db.transaction(async (tx) => {
      if (newProfiles.length)
        await tx.execute(sql`insert into profiles (id) select unnest(${pgTextArray(newProfiles)}::uuid[])`);
      const json = JSON.stringify(rows);
      await tx.execute(sql`insert into source_records (id, source_id, external_id, content_hash, raw, standardized, profile_id)
        select id, source_id, external_id, content_hash, raw, standardized, profile_id
        from jsonb_to_recordset(${json}::jsonb) as x(id uuid, source_id uuid, external_id text, content_hash text, raw jsonb,
          standardized jsonb, profile_id uuid)`);
      await tx.execute(sql`insert into profile_members (profile_id, record_id, score, reason, matched_by)
        select profile_id, id, null, 'model', 'bench fill' from jsonb_to_recordset(${json}::jsonb) as x(id uuid, profile_id uuid)`);
    });
    if ((start / chunk) % 20 === 0) process.stdout.write(`\rfill ${start + slice.length}/${records.length}`);
  }
  process.stdout.write("\n");
  // Golden values, display names and search text for every profile the fill made or grew, as resolution leaves
  // them: an arrival that joins one then updates its rows (and its trigram entries) as it would in production,
  // instead of writing them for the first time.
  const touched = [...new Set(personIds.map((person) => profileOfPerson.get(person)!))];
  for (let start = 0; start < touched.length; start += 1000) {
    await handle.db.transaction((tx) => refreshGoldenAttributes(tx, touched.slice(start, start + 1000)));
    if ((start / 1000) % 20 === 0)
      process.stdout.write(`\rgolden ${Math.min(start + 1000, touched.length)}/${touched.length}`);
  }
  process.stdout.write("\n");
  // As a full run leaves them (resolve-full.ts): trigram entries merged and statistics for every table it wrote.
  await queryRows(
    handle.db,
    sql`select gin_clean_pending_list('profiles_search_text_trgm_idx'::regclass),
    gin_clean_pending_list('profiles_display_name_trgm_idx'::regclass)`,
  );
  await queryRows(handle.db, sql`analyze source_records, profile_members, profiles, golden_attributes`);
  return records.length;
}

/**
 * CPU time (ms) used so far by the local PostgreSQL server's processes, from /proc (Linux): every process named
 * postgres, so a backend that exits between two readings drops out and other databases' work counts. Null where
 * /proc cannot be read.
 */
function postgresServerCpuMs(): number | null {
  try {
    let ticks = 0;
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        if (!readFileSync(`/proc/${pid}/comm`, "utf8").startsWith("postgres")) continue;
        // Fields after the command name: utime and stime are the 12th and 13th.
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // The process ended while it was read.
      }
    }
    // Clock ticks are 1/100 s on Linux.
    return ticks * 10;
  } catch {
    return null;
  }
}

type TableWrites = Record<string, { ins: number; upd: number; hot: number; del: number }>;

/** Rows written per table so far (PostgreSQL's cumulative statistics; PGlite keeps none worth reading). */
async function tableWrites(handle: DatabaseHandle): Promise<TableWrites | null> {
  if (handle.driver !== "postgres") return null;
  const { queryRows } = await import("@c360/db/client");
  const { sql } = await import("drizzle-orm");
  const rows = await queryRows<{ name: string; ins: number; upd: number; hot: number; del: number }>(
    handle.db,
    sql`select relname as name, n_tup_ins::int as ins, n_tup_upd::int as upd, n_tup_hot_upd::int as hot, n_tup_del::int as del
      from pg_stat_user_tables`,
  );
  return Object.fromEntries(rows.map(({ name, ...counts }) => [name, counts]));
}

/** Rows written per arriving record, per table, between two readings: where the database's work goes. */
function writesPerRecord(before: TableWrites, after: TableWrites, records: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, a] of Object.entries(after)) {
    const b = before[name] ?? { ins: 0, upd: 0, hot: 0, del: 0 };
    const per = (n: number) => +(n / Math.max(1, records)).toFixed(2);
    const parts = [
      a.ins - b.ins ? `ins ${per(a.ins - b.ins)}` : "",
      a.upd - b.upd ? `upd ${per(a.upd - b.upd)} (hot ${per(a.hot - b.hot)})` : "",
      a.del - b.del ? `del ${per(a.del - b.del)}` : "",
    ].filter(Boolean);
    if (parts.length) out[name] = parts.join(", ");
  }
  return out;
}

/** A V8 CPU profile of this process over the real-time phase (C360_BENCH_CPU_PROFILE=FILE, for Chrome DevTools). */
async function startCpuProfile(): Promise<{ stop: () => Promise<unknown> }> {
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return {
    stop: async () => {
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      return profile;
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main() {
  const persons = Math.round(Math.max(targetRecords + arrivals, storeSize + arrivals) / 2.6);
  const dataset = generateCustomers({ persons, seed: 4242 });
  // Every k-th record arrives later through the real-time path, so arrivals meet people the store already knows;
  // the first targetRecords of the rest are imported and resolved; the remainder fills the store to storeSize.
  const stride = Math.max(1, Math.floor(dataset.records.length / arrivals));
  const arrivalsSet: SyntheticRecord[] = [];
  const rest: SyntheticRecord[] = [];
  const restPersons: string[] = [];
  dataset.records.forEach((record, i) => {
    if (i % stride === 0 && arrivalsSet.length < arrivals) arrivalsSet.push(record);
    else {
      rest.push(record);
      restPersons.push(dataset.personIds[i]!);
    }
  });
  const batchRecords = rest.slice(0, targetRecords);
  const fillEnd = Math.max(targetRecords, storeSize);
  const fill = rest.slice(targetRecords, fillEnd);
  const fillPersons = restPersons.slice(targetRecords, fillEnd);
  const truth = new Map(dataset.records.map((r, i) => [`${r.source}/${r.record_id}`, dataset.personIds[i]!]));
  // The batch is scored against the truth of its own records: pairs with records held back for the real-time phase
  // or bulk-filled later are not the batch's to find (with a million stored they made F1 read 0.17).
  const batchTruth = new Map(batchRecords.map((r, i) => [`${r.source}/${r.record_id}`, restPersons[i]!]));
  const bench = await openBenchDatabase();
  let handle = bench.handle;
  const figures: Record<string, unknown> = {};
  let speed: MachineSpeed | null = null;
  try {
    const t0 = performance.now();
    await migrateDatabase(handle);
    // Before anything else runs, while the machine is idle but for this process.
    speed = await measureMachineSpeed(handle);
    console.log("machine speed:", JSON.stringify(speed));
    if (!bench.fromTemplate) {
      const bySource = groupBy(batchRecords, (record) => record.source);
      const files = new Map<string, string>();
      for (const [source, records] of bySource) {
        const file = join(work, `${source}.csv`);
        await writeSyntheticCsv({ records, personIds: records.map(() => "") }, file);
        files.set(source, file);
      }
      const tImport = performance.now();
      figures.setupSeconds = +((tImport - t0) / 1000).toFixed(1);
      for (const [source, file] of files) {
        const { source: stored } = await ensureSource(handle.db, actor, {
          name: source,
          kind: source === "ecommerce" ? "ecommerce" : (source as "crm"),
          fieldMapping: {},
          attributeTrust: {},
        });
        await importRecords(handle.db, {
          source: stored,
          rows: readCsvRows(createReadStream(file)),
          origin: "file",
          actor,
          fileName: file,
          resolve: null,
        });
      }
      const importSeconds = (performance.now() - tImport) / 1000;
      const tResolve = performance.now();
      const resolution = await resolveFull(handle.db, { actor });
      const resolveSeconds = (performance.now() - tResolve) / 1000;
      const endToEnd = (performance.now() - tImport) / 1000;

      const memberships = await exportMemberships(handle.db);
      const stored = pairwiseScore(
        new Map(memberships.map((m) => [`${m.source}/${m.recordId}`, m.profileId!])),
        batchTruth,
      );
      const engine = resolveRecords(
        batchRecords.map((r) => ({ ...r, record_id: `${r.source}/${r.record_id}` })),
      );
      const engineScore = pairwiseScore(
        new Map(engine.store.idList().map((id, i) => [id, engine.clusterIds[i]!])),
        batchTruth,
      );
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

      // Fill: grow the database to the size the real-time target is set at, with records already resolved (their
      // blocking keys computed by the trained model, one profile per person). Only the store's size matters here.
      if (fill.length > 0) {
        const tFill = performance.now();
        const filled = await fillResolvedRecords(handle, fill, fillPersons, memberships, truth);
        Object.assign(figures, {
          filledRecords: filled,
          fillSeconds: +((performance.now() - tFill) / 1000).toFixed(1),
        });
      }
      if (bench.saveTemplate) handle = await bench.saveTemplate();
    }

    // Real time: the held-back records arrive through the REST import (the function the endpoint calls), posted by
    // concurrent clients on a fixed schedule at the target rate. A post's latency runs from its scheduled time, so
    // time spent queueing behind a slow post counts; resolve latency is the time inside the resolver alone.
    const { queryRows } = await import("@c360/db/client");
    const { sql } = await import("drizzle-orm");
    const sourcesByName = new Map<string, Awaited<ReturnType<typeof ensureSource>>["source"]>();
    for (const name of new Set(arrivalsSet.map((r) => r.source))) {
      const { source: stored } = await ensureSource(handle.db, actor, {
        name,
        kind: "other",
        fieldMapping: {},
        attributeTrust: {},
      });
      sourcesByName.set(name, stored);
    }
    const posts: { source: string; records: SyntheticRecord[] }[] = [];
    for (const [name, records] of groupBy(arrivalsSet, (r) => r.source))
      for (let i = 0; i < records.length; i += postSize)
        posts.push({ source: name, records: records.slice(i, i + postSize) });
    // Interleave the sources as a live feed would.
    posts.sort((a, b) => (a.records[0]!.record_id < b.records[0]!.record_id ? -1 : 1));
    // The resolving process loads its resident index once, as a server does at start (not part of the timed phase).
    const tLoad = performance.now();
    const loaded = await prepareRealtimeResolution(handle.db);
    Object.assign(figures, {
      realtimeIndexRecords: loaded?.records ?? 0,
      realtimeIndexLoadSeconds: +((performance.now() - tLoad) / 1000).toFixed(1),
      realtimeIndexRssMiB: Math.round(process.memoryUsage().rss / 1024 / 1024),
    });
    const resolver = defaultResolver(handle.db, actor);
    const resolveLatencies: number[] = [];
    const postLatencies: number[] = [];
    const recordLatencies: number[] = [];
    let storingMs = 0;
    let tRealtime = performance.now();
    /** Posts a list on a fixed schedule at the target rate, by concurrent clients; with `timed` its latencies count. */
    const runPosts = async (list: typeof posts, timed: boolean) => {
      let next = 0;
      let scheduled = 0;
      const start = performance.now();
      const client = async () => {
        while (next < list.length) {
          const post = list[next]!;
          const due = start + (scheduled / rate) * 1000;
          scheduled += post.records.length;
          next++;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          const tPost = performance.now();
          let resolving = 0;
          await importPostedRecords(handle.db, {
            source: sourcesByName.get(post.source)!,
            body: Buffer.from(JSON.stringify(post.records)),
            contentType: "application/json",
            actor,
            resolve: async (ids) => {
              const t = performance.now();
              await resolver(ids);
              resolving += performance.now() - t;
              if (!timed) return;
              resolveLatencies.push(performance.now() - t);
              if (process.env.C360_BENCH_TRACE)
                console.log(`resolve ${(t - start).toFixed(0)} ${(performance.now() - t).toFixed(1)}`);
            },
          });
          if (!timed) continue;
          const latency = performance.now() - due;
          postLatencies.push(latency);
          storingMs += performance.now() - tPost - resolving;
          for (let i = 0; i < post.records.length; i++) recordLatencies.push(latency);
        }
      };
      await Promise.all(Array.from({ length: clients }, client));
    };
    // Warm-up: the first arrivals meet a process just started (code not yet optimized, cold caches in PostgreSQL
    // and in the engine). They are posted at the same rate and resolved like the rest, but not timed: the targets
    // are about a rate sustained by a running server.
    const warmupPosts = posts.slice(0, Math.ceil(warmupRecords / postSize));
    const timedPosts = posts.slice(warmupPosts.length);
    if (warmupPosts.length > 0) {
      console.log(`warm-up: ${warmupPosts.length} posts`);
      await runPosts(warmupPosts, false);
      await settleRealtimeResolution(handle.db);
      for (const name of Object.keys(realtimeTimings) as (keyof typeof realtimeTimings)[])
        realtimeTimings[name] = 0;
      // Backends publish their row counts when idle (at most every 10 s in PostgreSQL 15): the warm-up's first.
      if (handle.driver === "postgres") await new Promise((resolve) => setTimeout(resolve, 11_000));
    }
    const [{ n: storedBefore } = { n: 0 }] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from source_records`,
    );
    // CPU of this process and of the PostgreSQL server through the real-time phase (golden settling included):
    // whether the machine or a queue is the limit.
    const nodeCpuBefore = process.cpuUsage();
    const postgresCpuBefore = handle.driver === "postgres" ? postgresServerCpuMs() : null;
    const writesBefore = await tableWrites(handle);
    const profiler = process.env.C360_BENCH_CPU_PROFILE ? await startCpuProfile() : null;
    // How long callbacks waited for the Node thread (garbage collection and other synchronous work included): the
    // part of a resolve's latency that is not the resolver's own.
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    loopDelay.enable();
    console.log(`real-time phase: ${timedPosts.length} posts by ${clients} clients at ${rate} records/s`);
    tRealtime = performance.now();
    await runPosts(timedPosts, true);
    const realtimeSeconds = (performance.now() - tRealtime) / 1000;
    // Golden values follow the decisions in their own transactions: how long after the last post they are all done.
    const tSettle = performance.now();
    await settleRealtimeResolution(handle.db);
    const goldenSettleSeconds = +((performance.now() - tSettle) / 1000).toFixed(2);
    const settledSeconds = (performance.now() - tRealtime) / 1000;
    loopDelay.disable();
    const nodeCpu = process.cpuUsage(nodeCpuBefore);
    const postgresCpuAfter = postgresCpuBefore === null ? null : postgresServerCpuMs();
    // After the CPU readings: stopping the profiler takes a second of CPU of its own.
    if (profiler) writeFileSync(process.env.C360_BENCH_CPU_PROFILE!, JSON.stringify(await profiler.stop()));
    // Backends publish their counts when idle (at most every 10 s in PostgreSQL 15).
    if (writesBefore) await new Promise((resolve) => setTimeout(resolve, 11_000));
    const writesAfter = await tableWrites(handle);
    const perRecord = (ms: number) => +(ms / Math.max(1, realtimeTimings.records)).toFixed(3);
    const realtimePhasesMsPerRecord = Object.fromEntries(
      Object.entries(realtimeTimings)
        .filter(([name]) => name.endsWith("Ms"))
        .map(([name, ms]) => [name.replace(/Ms$/, ""), perRecord(ms)]),
    );
    for (const list of [resolveLatencies, postLatencies, recordLatencies]) list.sort((a, b) => a - b);
    const [{ n: storedAfter } = { n: 0 }] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from source_records`,
    );
    const [{ n: unresolved } = { n: 0 }] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from source_records where profile_id is null`,
    );
    const all = await exportMemberships(handle.db);
    const scored = new Set([...batchRecords, ...arrivalsSet].map((r) => `${r.source}/${r.record_id}`));
    const afterArrivals = pairwiseScore(
      new Map(
        all
          .filter((m) => scored.has(`${m.source}/${m.recordId}`))
          .map((m) => [`${m.source}/${m.recordId}`, m.profileId!]),
      ),
      new Map([...truth].filter(([id]) => scored.has(id))),
    );
    Object.assign(figures, {
      realtimeWarmupRecords: warmupPosts.reduce((n, post) => n + post.records.length, 0),
      realtimeStoreRecords: storedBefore,
      realtimeRecords: storedAfter - storedBefore,
      realtimeUnresolved: unresolved,
      realtimeTargetRate: rate,
      realtimePostSize: postSize,
      realtimeClients: clients,
      realtimeSeconds: +realtimeSeconds.toFixed(1),
      realtimeRecordsPerSecond: Math.round((storedAfter - storedBefore) / realtimeSeconds),
      realtimeRecordP50Ms: +percentile(recordLatencies, 50).toFixed(1),
      realtimeRecordP99Ms: +percentile(recordLatencies, 99).toFixed(1),
      realtimeResolveP50Ms: +percentile(resolveLatencies, 50).toFixed(1),
      realtimeResolveP99Ms: +percentile(resolveLatencies, 99).toFixed(1),
      f1AfterArrivals: +afterArrivals.f1.toFixed(4),
      realtimeTransactions: realtimeTimings.transactions,
      realtimeStoreMsPerRecord: +(storingMs / Math.max(1, storedAfter - storedBefore)).toFixed(3),
      realtimeGoldenSettleSeconds: goldenSettleSeconds,
      // Sustained means golden values keep up too: the records over the time until the last one's were stored.
      realtimeSettledRecordsPerSecond: Math.round((storedAfter - storedBefore) / settledSeconds),
      realtimeNodeCpuMsPerRecord: +(
        (nodeCpu.user + nodeCpu.system) /
        1000 /
        Math.max(1, storedAfter - storedBefore)
      ).toFixed(3),
      realtimePostgresCpuMsPerRecord:
        postgresCpuBefore === null || postgresCpuAfter === null
          ? null
          : +((postgresCpuAfter - postgresCpuBefore) / Math.max(1, storedAfter - storedBefore)).toFixed(3),
      realtimeCoresBusy: +(
        ((nodeCpu.user + nodeCpu.system) / 1000 + (postgresCpuAfter ?? 0) - (postgresCpuBefore ?? 0)) /
        1000 /
        settledSeconds
      ).toFixed(2),
      // PGlite runs its queries on this thread, so there the figures would measure the database itself.
      ...(handle.driver === "postgres"
        ? {
            realtimeEventLoopDelayP50Ms: +(loopDelay.percentile(50) / 1e6).toFixed(1),
            realtimeEventLoopDelayP99Ms: +(loopDelay.percentile(99) / 1e6).toFixed(1),
            realtimeEventLoopDelayMaxMs: +(loopDelay.max / 1e6).toFixed(1),
          }
        : {}),
      realtimePhasesMsPerRecord,
      ...(writesBefore && writesAfter
        ? {
            realtimeRowsWrittenPerRecord: writesPerRecord(
              writesBefore,
              writesAfter,
              storedAfter - storedBefore,
            ),
          }
        : {}),
    });
  } finally {
    await bench.cleanup(handle);
    rmSync(work, { recursive: true, force: true });
  }
  const report = {
    benchmark: "resolution",
    driver: handle.driver,
    machine: {
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      node: process.version,
      loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
      date: new Date().toISOString(),
      ...speed,
    },
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    ...figures,
  };
  console.table(
    Object.entries(report)
      .filter(([, v]) => typeof v !== "object")
      .map(([k, v]) => ({ figure: k, value: v })),
  );
  console.log("resolve stages (s):", JSON.stringify(figures.resolveStages));
  if (figures.realtimeRowsWrittenPerRecord)
    console.log("real-time rows written per record:", figures.realtimeRowsWrittenPerRecord);
  if (figures.realtimePhasesMsPerRecord)
    console.log("real-time phases (ms per record):", JSON.stringify(figures.realtimePhasesMsPerRecord));
  const outDir = join(process.cwd(), "bench", "results");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `resolution-${handle.driver}.json`), JSON.stringify(report, null, 2) + "\n");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
