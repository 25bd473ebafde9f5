// Benchmark: behavioural events in (decision 0901). Phases, each in a process of its own (its peak RSS is its own):
//   file-postgres, file-pglite: `c360 events import`'s path (importEventFile over a JSON-lines file) of C360_BENCH_EVENTS
//     events with attribution (userId of a mapped CRM, anonymous ids identified before/after, emails, unknown ids)
//     into a fresh PostgreSQL database and a fresh on-disk PGlite;
//   rest-postgres: what POST /api/v1/sources/{name}/events does per request (the source token check, then
//     ingestPostedEvents on the JSON body), in process, from C360_BENCH_CLIENTS concurrent clients sending
//     100-event batches back to back for C360_BENCH_REST_SECONDS: the most events/s it takes, and request
//     p50/p95/p99 at that saturation (no HTTP server in the loop; latency there is clients / throughput);
//   rest-paced-postgres: the same clients sending at C360_BENCH_REST_RATE events/s between them (issue 19: 5,000/s
//     sustained, p99 <= 100 ms): each request is timed from when it was due, so a late one counts its wait too;
//   stitch-postgres, stitch-pglite: an identify arriving after 1,000 anonymous events moves them (repeated).
// Run: npm run bench:events   (env below; C360_BENCH_PHASES=file-postgres,rest-postgres to run some only)
import { openDatabase, queryRows, type DatabaseHandle } from "@c360/db/client";
import { migrateDatabase } from "@c360/db/migrate";
import { assertLocalDatabaseUrl } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { systemActor } from "../src/actor";
import { setEventSettings } from "../src/events/event-settings";
import { DEFAULT_EVENT_CHUNK_SIZE, importEventFile } from "../src/events/import-event-file";
import { ingestEvents, type EventSource } from "../src/events/ingest-events";
import { ingestPostedEvents } from "../src/events/ingest-posted-events";
import { openImportFile } from "../src/ingest/open-import-file";
import { authenticateSourceToken, rotateSourceToken } from "../src/sources/source-tokens";
import { randomInt, seededRandom } from "@c360/matching/prng";

const env = z
  .object({
    C360_BENCH_EVENTS: z.coerce.number().int().min(1000).default(1_000_000),
    C360_BENCH_PERSONS: z.coerce.number().int().min(100).default(100_000),
    C360_BENCH_CLIENTS: z.coerce.number().int().min(1).max(64).default(8),
    C360_BENCH_REST_SECONDS: z.coerce.number().min(1).max(600).default(30),
    C360_BENCH_REST_RATE: z.coerce.number().int().min(100).max(100_000).default(5000),
    C360_BENCH_STITCH_RUNS: z.coerce.number().int().min(1).max(200).default(20),
    C360_BENCH_CHUNK: z.coerce.number().int().min(100).max(20_000).default(DEFAULT_EVENT_CHUNK_SIZE),
    C360_BENCH_ADMIN_URL: z.string().default("postgres://postgres@127.0.0.1:5432/postgres"),
    C360_BENCH_PHASES: z
      .string()
      .default("file-postgres,file-pglite,rest-postgres,rest-paced-postgres,stitch-postgres,stitch-pglite"),
    C360_BENCH_PHASE: z.string().optional(),
    C360_BENCH_FILE: z.string().optional(),
  })
  .parse(process.env);

const actor = systemActor("bench:events");
const say = (message: string) =>
  console.error(`[bench:events ${new Date().toISOString().slice(11, 19)}] ${message}`);
const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const peakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

/**
 * CPU seconds spent so far by this process and by the PostgreSQL backends serving this database (read from /proc:
 * the server runs on this machine). On a shared machine wall-clock rates say as much about the neighbours as about
 * c360; events per CPU second do not.
 */
async function cpuSeconds(handle: DatabaseHandle, backends: Set<number>): Promise<number> {
  const own = process.cpuUsage();
  let total = (own.user + own.system) / 1e6;
  if (handle.driver !== "postgres") return total;
  const rows = await queryRows<{ pid: number }>(
    handle.db,
    sql`select pid from pg_stat_activity where datname = current_database()`,
  );
  for (const r of rows) backends.add(Number(r.pid));
  const { readFileSync } = await import("node:fs");
  for (const pid of backends) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // The backend ended: its CPU time is no longer readable (counted until its last reading only).
    }
  }
  return total;
}

/** A JSON-lines file of events over `persons` people: the mix a shop's web and app send. */
async function writeEventsFile(path: string, events: number, persons: number): Promise<void> {
  const random = seededRandom(901);
  const out = createWriteStream(path);
  const start = Date.UTC(2025, 0, 1);
  const identified = new Set<string>();
  let buffer = "";
  for (let i = 0; i < events; i++) {
    const person = randomInt(random, persons);
    const timestamp = new Date(start + i * 20_000).toISOString();
    const roll = random();
    let message: Record<string, unknown>;
    if (roll < 0.5)
      message = {
        type: "track",
        messageId: `m${i}`,
        userId: `C${person}`,
        event: i % 7 ? "Product Viewed" : "Order Completed",
        properties: { sku: `K${i % 997}`, total: (i % 300) + 0.99, currency: "USD" },
        timestamp,
      };
    else if (roll < 0.85) {
      const anonymousId = `a${person}-${person % 3}`;
      // A device identifies at some point among its events: the ones before wait and are moved, the ones after attach on arrival.
      if (!identified.has(anonymousId) && random() < 0.3) {
        identified.add(anonymousId);
        message = {
          type: "identify",
          messageId: `m${i}`,
          anonymousId,
          userId: `C${person}`,
          traits: { plan: "basic" },
          timestamp,
        };
      } else
        message = {
          type: "page",
          messageId: `m${i}`,
          anonymousId,
          name: "Product",
          properties: { path: `/p/${i % 5000}`, referrer: "https://search.example/" },
          timestamp,
        };
    } else if (roll < 0.95)
      message = {
        type: "track",
        messageId: `m${i}`,
        event: "Email Opened",
        context: { traits: { email: `person${person}@example.com` } },
        properties: { campaign: "spring" },
        timestamp,
      };
    else
      message = {
        type: "track",
        messageId: `m${i}`,
        userId: `X${person}`,
        event: "Product Viewed",
        properties: { sku: `K${i % 997}` },
        timestamp,
      };
    buffer += JSON.stringify(message) + "\n";
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
}

interface BenchDatabase {
  handle: DatabaseHandle;
  cleanup: () => Promise<void>;
}

async function freshDatabase(driver: "postgres" | "pglite"): Promise<BenchDatabase> {
  if (driver === "pglite") {
    const dir = mkdtempSync(join(os.tmpdir(), "c360-bench-events-"));
    const handle = await openDatabase({ dataDir: join(dir, "db") });
    await migrateDatabase(handle);
    return {
      handle,
      cleanup: async () => {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const base = assertLocalDatabaseUrl(env.C360_BENCH_ADMIN_URL);
  const name = `c360_bench_events_${randomBytes(3).toString("hex")}`;
  const admin = await openDatabase({ url: env.C360_BENCH_ADMIN_URL, maxConnections: 1 });
  await admin.db.execute(sql.raw(`create database "${name}"`));
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), maxConnections: env.C360_BENCH_CLIENTS + 2 });
  await migrateDatabase(handle);
  return {
    handle,
    cleanup: async () => {
      await handle.close();
      await admin.db.execute(sql.raw(`drop database if exists "${name}" with (force)`));
      await admin.close();
    },
  };
}

/** The CRM's customers (one profile each, with an email) and the web source whose userIds are CRM ids. */
async function prepareSources(handle: DatabaseHandle, persons: number): Promise<EventSource> {
  const { db } = handle;
  const [crm] = await queryRows<{ id: string }>(
    db,
    sql`insert into sources (name, kind) values ('crm', 'crm') returning id`,
  );
  const [web] = await queryRows<{ id: string }>(
    db,
    sql`insert into sources (name, kind) values ('web', 'web') returning id`,
  );
  for (let from = 0; from < persons; from += 50_000) {
    const to = Math.min(persons, from + 50_000) - 1;
    await db.execute(
      sql`insert into profiles (id) select md5('p' || i)::uuid from generate_series(${from}::int, ${to}::int) i`,
    );
    await db.execute(sql`insert into source_records (source_id, external_id, content_hash, raw, standardized, profile_id, resolved_version)
      select ${crm!.id}::uuid, 'C' || i, md5('C' || i), '{}'::jsonb, jsonb_build_object('email', 'person' || i || '@example.com'), md5('p' || i)::uuid, 1
      from generate_series(${from}::int, ${to}::int) i`);
  }
  await db.execute(sql`analyze`);
  await setEventSettings(db, actor, { sourceName: "web", userIdSource: "crm" });
  return { id: web!.id, name: "web", kind: "web" };
}

async function attributionShares(handle: DatabaseHandle) {
  const [row] = await queryRows<Record<string, number>>(
    handle.db,
    sql`select count(*)::int as stored, count(*) filter (where profile_id is not null)::int as attributed,
          count(*) filter (where attributed_by = 'user_id')::int as by_user_id, count(*) filter (where attributed_by = 'anonymous_id')::int as by_anonymous_id,
          count(*) filter (where attributed_by = 'email')::int as by_email, count(*) filter (where unattributed_reason is not null)::int as waiting
        from interactions`,
  );
  return row!;
}

async function runFilePhase(driver: "postgres" | "pglite") {
  const bench = await freshDatabase(driver);
  try {
    const source = await prepareSources(bench.handle, env.C360_BENCH_PERSONS);
    const file = await openImportFile(env.C360_BENCH_FILE!, "json");
    say(`${driver}: importing ${env.C360_BENCH_EVENTS} events (${env.C360_BENCH_PERSONS} CRM customers)`);
    const backends = new Set<number>();
    const cpuBefore = await cpuSeconds(bench.handle, backends);
    const nodeBefore = (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
    const started = performance.now();
    let last = started;
    const summary = await importEventFile(bench.handle.db, {
      source,
      rows: file.rows,
      actor,
      origin: "file",
      fileName: "bench.jsonl",
      chunkSize: env.C360_BENCH_CHUNK,
      onProgress: (p) => {
        const now = performance.now();
        if (now - last > 10_000) {
          last = now;
          say(
            `${driver}: row ${p.checkpoint}, ${Math.round(p.checkpoint / ((now - started) / 1000))} events/s`,
          );
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = (await cpuSeconds(bench.handle, backends)) - cpuBefore;
    const nodeCpu = (process.cpuUsage().user + process.cpuUsage().system) / 1e6 - nodeBefore;
    const shares = await attributionShares(bench.handle);
    return {
      phase: `file-${driver}`,
      events: summary.rowsTotal,
      accepted: summary.accepted,
      rejected: summary.rejected,
      seconds: round(seconds),
      eventsPerSecond: Math.round(summary.rowsTotal / seconds),
      cpuSeconds: round(cpu),
      nodeCpuSeconds: round(nodeCpu),
      eventsPerCpuSecond: Math.round(summary.rowsTotal / cpu),
      loadAverage: round(os.loadavg()[0]!, 2),
      ...shares,
      peakRssMiB: peakRssMiB(),
    };
  } finally {
    await bench.cleanup();
  }
}

/** Saturated: each client sends its next batch as soon as the last is answered. Paced: at C360_BENCH_REST_RATE. */
async function runRestPhase(paced: boolean) {
  const bench = await freshDatabase("postgres");
  try {
    const { db } = bench.handle;
    await prepareSources(bench.handle, env.C360_BENCH_PERSONS);
    const { token } = await rotateSourceToken(db, actor, "web");
    const random = seededRandom(7);
    let serial = 0;
    const batchBody = () => {
      const batch = [];
      for (let i = 0; i < 100; i++) {
        const person = randomInt(random, env.C360_BENCH_PERSONS);
        const n = serial++;
        batch.push(
          n % 2
            ? {
                type: "track",
                messageId: `r${n}`,
                userId: `C${person}`,
                event: "Product Viewed",
                properties: { sku: `K${n % 997}` },
                timestamp: new Date().toISOString(),
                sentAt: new Date().toISOString(),
              }
            : {
                type: "page",
                messageId: `r${n}`,
                anonymousId: `a${person}`,
                name: "Home",
                timestamp: new Date().toISOString(),
              },
        );
      }
      return Buffer.from(JSON.stringify({ batch }));
    };
    const latencies: number[] = [];
    /** From sending to the answer, without a wait for being late (equal to latencies when not paced). */
    const service: number[] = [];
    let events = 0;
    const endAt = performance.now() + env.C360_BENCH_REST_SECONDS * 1000;
    // Paced: each client's requests fall due every `interval` ms, the clients offset from each other.
    const interval = (env.C360_BENCH_CLIENTS * 100 * 1000) / env.C360_BENCH_REST_RATE;
    say(
      `rest: ${env.C360_BENCH_CLIENTS} clients x 100-event batches for ${env.C360_BENCH_REST_SECONDS} s` +
        (paced ? `, ${env.C360_BENCH_REST_RATE} events/s between them` : ", back to back"),
    );
    const backends = new Set<number>();
    const cpuBefore = await cpuSeconds(bench.handle, backends);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: env.C360_BENCH_CLIENTS }, async (_, client) => {
        let due = started + (client * interval) / env.C360_BENCH_CLIENTS;
        while (performance.now() < endAt) {
          if (paced) {
            const wait = due - performance.now();
            if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          }
          const body = batchBody();
          // A paced request is timed from when it was due: one sent late because the last was slow counts its wait.
          const sent = performance.now();
          const t0 = paced ? due : sent;
          due += interval;
          // What the route does: the token check, then the body through core.
          const check = await authenticateSourceToken(db, "web", token);
          if (!check.ok) throw new Error("token refused");
          const result = await ingestPostedEvents(db, {
            source: check.source,
            body,
            contentType: "application/json",
            actor: systemActor("source:web"),
          });
          latencies.push(performance.now() - t0);
          service.push(performance.now() - sent);
          events += result.accepted;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = (await cpuSeconds(bench.handle, backends)) - cpuBefore;
    latencies.sort((a, b) => a - b);
    return {
      phase: paced ? "rest-paced-postgres" : "rest-postgres",
      clients: env.C360_BENCH_CLIENTS,
      ...(paced ? { offeredEventsPerSecond: env.C360_BENCH_REST_RATE } : {}),
      requests: latencies.length,
      events,
      seconds: round(seconds),
      eventsPerSecond: Math.round(events / seconds),
      cpuSeconds: round(cpu),
      eventsPerCpuSecond: Math.round(events / cpu),
      loadAverage: round(os.loadavg()[0]!, 2),
      p50Ms: round(quantile(latencies, 0.5)),
      p95Ms: round(quantile(latencies, 0.95)),
      p99Ms: round(quantile(latencies, 0.99)),
      ...(paced
        ? {
            serviceP50Ms: round(
              quantile(
                service.sort((a, b) => a - b),
                0.5,
              ),
            ),
            serviceP99Ms: round(quantile(service, 0.99)),
          }
        : {}),
      peakRssMiB: peakRssMiB(),
    };
  } finally {
    await bench.cleanup();
  }
}

async function runStitchPhase(driver: "postgres" | "pglite") {
  const bench = await freshDatabase(driver);
  try {
    const { db } = bench.handle;
    const source = await prepareSources(bench.handle, Math.min(env.C360_BENCH_PERSONS, 20_000));
    // Background: other waiting anonymous events, so the partial index is not empty.
    for (let b = 0; b < 20; b++)
      await ingestEvents(
        db,
        source,
        Array.from({ length: 1000 }, (_, i) => ({
          type: "page",
          messageId: `bg${b}-${i}`,
          anonymousId: `bg-${b}-${i % 50}`,
          timestamp: "2026-01-01T00:00:00Z",
        })),
        actor,
        { origin: "file" },
      );
    const times: number[] = [];
    // CPU (node, and the PostgreSQL backends) per identify: on a shared machine the wall time also holds the waits
    // for a core, the CPU time only the work.
    const cpuTimes: number[] = [];
    const backends = new Set<number>();
    for (let run = 0; run < env.C360_BENCH_STITCH_RUNS; run++) {
      const anonymousId = `visitor-${run}`;
      for (let b = 0; b < 2; b++)
        await ingestEvents(
          db,
          source,
          Array.from({ length: 500 }, (_, i) => ({
            type: "page",
            messageId: `v${run}-${b}-${i}`,
            anonymousId,
            timestamp: "2026-01-01T00:00:00Z",
          })),
          actor,
          { origin: "file" },
        );
      const cpu0 = await cpuSeconds(bench.handle, backends);
      const t0 = performance.now();
      const result = await ingestEvents(
        db,
        source,
        [
          {
            type: "identify",
            messageId: `idf-${run}`,
            anonymousId,
            userId: `C${run}`,
            timestamp: "2026-01-02T00:00:00Z",
          },
        ],
        actor,
        { origin: "api" },
      );
      times.push(performance.now() - t0);
      cpuTimes.push(((await cpuSeconds(bench.handle, backends)) - cpu0) * 1000);
      if (result.stitched !== 1000)
        throw new Error(`identify moved ${result.stitched} events, expected 1000`);
    }
    times.sort((a, b) => a - b);
    cpuTimes.sort((a, b) => a - b);
    return {
      phase: `stitch-${driver}`,
      runs: times.length,
      eventsMoved: 1000,
      medianMs: round(quantile(times, 0.5)),
      p99Ms: round(quantile(times, 0.99)),
      maxMs: round(times.at(-1)!),
      cpuMedianMs: round(quantile(cpuTimes, 0.5)),
      cpuMaxMs: round(cpuTimes.at(-1)!),
      loadAverage: round(os.loadavg()[0]!, 2),
      peakRssMiB: peakRssMiB(),
    };
  } finally {
    await bench.cleanup();
  }
}

async function runPhase(phase: string): Promise<Record<string, unknown>> {
  switch (phase) {
    case "file-postgres":
      return runFilePhase("postgres");
    case "file-pglite":
      return runFilePhase("pglite");
    case "rest-postgres":
      return runRestPhase(false);
    case "rest-paced-postgres":
      return runRestPhase(true);
    case "stitch-postgres":
      return runStitchPhase("postgres");
    case "stitch-pglite":
      return runStitchPhase("pglite");
  }
  throw new Error(`unknown phase ${phase}`);
}

async function main() {
  if (env.C360_BENCH_PHASE) {
    const result = await runPhase(env.C360_BENCH_PHASE);
    console.log(`RESULT ${JSON.stringify(result)}`);
    return;
  }
  const work = mkdtempSync(join(os.tmpdir(), "c360-bench-events-file-"));
  const file = join(work, "events.jsonl");
  try {
    const phases = env.C360_BENCH_PHASES.split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    if (phases.some((p) => p.startsWith("file-"))) {
      say(`writing ${env.C360_BENCH_EVENTS} events to ${file}`);
      await writeEventsFile(file, env.C360_BENCH_EVENTS, env.C360_BENCH_PERSONS);
    }
    const results: Record<string, unknown>[] = [];
    for (const phase of phases) {
      say(`phase ${phase}`);
      const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
        env: { ...process.env, C360_BENCH_PHASE: phase, C360_BENCH_FILE: file },
        stdio: ["ignore", "pipe", "inherit"],
        encoding: "utf8",
        maxBuffer: 1 << 26,
      });
      const line = child.stdout.split("\n").find((l) => l.startsWith("RESULT "));
      if (child.status !== 0 || !line)
        throw new Error(`phase ${phase} failed (exit ${child.status}): ${child.stdout.slice(-2000)}`);
      const result = JSON.parse(line.slice(7)) as Record<string, unknown>;
      results.push(result);
      console.log(JSON.stringify(result));
    }
    const report = {
      benchmark: "events",
      machine: {
        cpu: os.cpus()[0]?.model,
        cores: os.cpus().length,
        node: process.version,
        loadAverage: os.loadavg().map((l) => round(l, 2)),
        date: new Date().toISOString(),
      },
      settings: {
        events: env.C360_BENCH_EVENTS,
        persons: env.C360_BENCH_PERSONS,
        chunk: env.C360_BENCH_CHUNK,
        clients: env.C360_BENCH_CLIENTS,
      },
      results,
    };
    for (const r of results) console.table(Object.entries(r).map(([figure, value]) => ({ figure, value })));
    const outDir = join(process.cwd(), "bench", "results");
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, "events.json"), JSON.stringify(report, null, 2) + "\n");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
