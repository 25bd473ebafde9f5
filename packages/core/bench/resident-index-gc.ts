// `npm run bench:resident-index` (DATABASE_URL=...): what the resident index of real-time resolution costs the process that holds it,
// measured apart from the database. Loads the index from DATABASE_URL (a database holding a resolution, such as a
// copy saved by `C360_BENCH_TEMPLATE` in bench/resolution.ts), then plays arrivals against it in memory: copies of
// stored records under new ids, each staged, compared with its candidates and placed, with the short-lived garbage
// a real arrival makes (its rows parsed from JSON). Prints the heap the index holds, the garbage collector's pauses
// by kind and the latency of each slice of arrivals, which is what the collector's pauses reach: the real-time
// tail at a million records was pauses, not work (decision 0004).
import { openDatabase } from "@c360/db/client";
import { assertLocalDatabaseUrl } from "@c360/db/testing";
import { probabilityToWeight } from "@c360/matching";
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { Session } from "node:inspector/promises";
import { PerformanceObserver, monitorEventLoopDelay, performance, constants } from "node:perf_hooks";
import v8 from "node:v8";
import { loadActiveModel } from "../src/resolution/model-store";
import { StoredResidentIndex } from "../src/resolution/resident-index";
import { toStoreRecord } from "@c360/matching/store";

const arrivals = Number(process.env.C360_BENCH_ARRIVALS ?? 40_000);
const sliceSize = Number(process.env.C360_BENCH_POST_SIZE ?? 25);
/** Arrivals played before measuring, so the code is optimized and the first collections are behind. */
const warmup = Number(process.env.C360_BENCH_WARMUP_RECORDS ?? 5_000);
/** Slices per second: the pace of the real-time bench (1,000 records/s in posts of 25). */
const slicesPerSecond = Number(process.env.C360_BENCH_RATE ?? 1000) / sliceSize;

const url = process.env.DATABASE_URL;
if (!url)
  throw new Error("DATABASE_URL must name a database holding a resolution (e.g. a C360_BENCH_TEMPLATE copy)");
assertLocalDatabaseUrl(url);

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const quantile = (sorted: readonly number[], q: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

const handle = await openDatabase({ url, maxConnections: 1 });
const stored = await loadActiveModel(handle.db);
if (!stored) throw new Error("the database has no active model: run a full resolution first");
const heapBefore = process.memoryUsage();
let started = performance.now();
const index = await StoredResidentIndex.load(handle.db, stored.id, stored.model);
const loadSeconds = (performance.now() - started) / 1000;
await handle.close();

// A full collection now, so the figures are what the index keeps, not what loading it left behind.
const gc = (globalThis as { gc?: () => void }).gc;
if (gc) gc();
const memory = process.memoryUsage();
const heapSpaces = Object.fromEntries(
  v8.getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_used_size)]),
);

// The arrivals: copies of stored records spread over the whole index, each under a new id, half of them joining
// the profile of the record they copy and half a new one (as the bench's arrivals do).
const sources = index.store.size;
const template = Array.from({ length: arrivals + warmup }, (_, i) => {
  let position = Math.floor((((i * 2_654_435_761) % 2 ** 32) / 2 ** 32) * sources);
  while (index.store.idAt(position) === "") position = (position + 1) % sources;
  const record = index.store.record(position);
  return { record, profileId: i % 2 === 0 ? index.profileAt(position)! : null };
});
// What a real arrival parses: its source row, its standardized fields and its members' rows for survivorship.
const payload = JSON.stringify({
  raw: {
    first_name: "Alexandra",
    last_name: "Montgomery",
    email: "a.montgomery@example.com",
    phone: "+44 20 7946 0958",
  },
  members: Array.from({ length: 4 }, (_, i) => ({
    id: randomUUID(),
    raw: { i, note: "x".repeat(120) },
    standardized: { i },
  })),
});

const matchWeight = probabilityToWeight(stored.model.matchThreshold);

function playSlice(from: number): number {
  let compared = 0;
  for (let i = from; i < from + sliceSize; i++) {
    const { record, profileId } = template[i]!;
    const id = randomUUID();
    const position = index.stage(toStoreRecord(id, record.source ?? "bench", { ...record, id }));
    let best = -1;
    let bestWeight = -Infinity;
    for (const other of index.candidatesOf(position)) {
      const weight = index.scorer.score(position, other);
      compared++;
      if (weight > bestWeight) [best, bestWeight] = [other, weight];
    }
    const joined = best >= 0 && bestWeight >= matchWeight ? index.profileAt(best)! : null;
    index.place(position, profileId ?? joined ?? randomUUID());
    for (let k = 0; k < 4; k++) JSON.parse(payload);
  }
  return compared;
}

for (let i = 0; i + sliceSize <= warmup; i += sliceSize) playSlice(i);
if (gc) gc();

interface Pause {
  kind: string;
  ms: number;
}
const pauses: Pause[] = [];
const kinds: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "scavenge",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "mark-compact",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental marking",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weak callbacks",
};
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
    pauses.push({ kind: kinds[kind] ?? `kind ${kind}`, ms: entry.duration });
  }
});
observer.observe({ entryTypes: ["gc"] });
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
// C360_BENCH_CPU_PROFILE=FILE: a V8 CPU profile of the timed arrivals only (for Chrome DevTools).
const profiler = process.env.C360_BENCH_CPU_PROFILE ? new Session() : null;
if (profiler) {
  profiler.connect();
  await profiler.post("Profiler.enable");
  await profiler.post("Profiler.start");
}

// Slices at the real-time bench's pace, each timed from when it was due: a pause delays the slices behind it.
const latencies: number[] = [];
let compared = 0;
started = performance.now();
const slices = Math.floor(arrivals / sliceSize);
await new Promise<void>((done) => {
  let next = 0;
  const tick = () => {
    while (next < slices && performance.now() - started >= (next * 1000) / slicesPerSecond) {
      const due = started + (next * 1000) / slicesPerSecond;
      compared += playSlice(warmup + next * sliceSize);
      latencies.push(performance.now() - due);
      next++;
    }
    if (next >= slices) done();
    else setTimeout(tick, Math.max(0, started + (next * 1000) / slicesPerSecond - performance.now()));
  };
  tick();
});
const seconds = (performance.now() - started) / 1000;
loop.disable();
if (profiler) {
  const { profile } = await profiler.post("Profiler.stop");
  writeFileSync(process.env.C360_BENCH_CPU_PROFILE!, JSON.stringify(profile));
  profiler.disconnect();
}
await new Promise((r) => setTimeout(r, 100));
observer.disconnect();

latencies.sort((a, b) => a - b);
const byKind = new Map<string, number[]>();
for (const pause of pauses) byKind.set(pause.kind, [...(byKind.get(pause.kind) ?? []), pause.ms]);
const gcTable = Object.fromEntries(
  [...byKind].map(([kind, ms]) => {
    const sorted = ms.sort((a, b) => a - b);
    return [
      kind,
      {
        count: ms.length,
        meanMs: round(ms.reduce((s, x) => s + x, 0) / ms.length),
        p99Ms: round(quantile(sorted, 0.99)),
        maxMs: round(sorted[sorted.length - 1]!),
        totalMs: round(
          ms.reduce((s, x) => s + x, 0),
          0,
        ),
      },
    ];
  }),
);

const result = {
  benchmark: "resident-index-gc",
  machine: {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    node: process.version,
    date: new Date().toISOString(),
  },
  records: index.size,
  loadSeconds: round(loadSeconds, 1),
  heapUsedMb: mb(memory.heapUsed),
  heapGrowthMb: mb(memory.heapUsed - heapBefore.heapUsed),
  arrayBuffersMb: mb(memory.arrayBuffers),
  rssMb: mb(memory.rss),
  heapSpacesMb: heapSpaces,
  timedArrivals: slices * sliceSize,
  candidatesPerArrival: round(compared / (slices * sliceSize), 1),
  seconds: round(seconds, 1),
  sliceLatencyMs: {
    p50: round(quantile(latencies, 0.5)),
    p99: round(quantile(latencies, 0.99)),
    max: round(latencies[latencies.length - 1]!),
  },
  eventLoopDelayMs: { p99: round(loop.percentile(99) / 1e6), max: round(loop.max / 1e6) },
  gc: gcTable,
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(join(process.cwd(), "bench", "results"), { recursive: true });
writeFileSync(
  join(process.cwd(), "bench", "results", "resident-index-gc.json"),
  JSON.stringify(result, null, 2) + "\n",
);
