// `npm run bench:triggers` (issue 22, decision 2201): the time from an event's ingest call to its webhook arriving
// at a local receiver (node:http on loopback), while events are ingested at a steady rate (default 1,000 a second in
// calls of 100, like REST batches) with 10 triggers active, delivered by the pg-boss runner in this process. Prints
// the figures; asserts nothing about time. PostgreSQL (a fresh database beside C360_BENCH_ADMIN_URL) by default,
// PGlite with C360_BENCH_DRIVER=pglite.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase, queryRows, type DatabaseHandle } from "@c360/db/client";
import { migrateDatabase } from "@c360/db/migrate";
import { assertLocalDatabaseUrl } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { systemActor } from "../src/actor";
import { ensureStandardPurposes } from "../src/consent/manage-purposes";
import { ingestEvents, type EventSource } from "../src/events/ingest-events";
import { applyTriggers } from "../src/triggers/apply-triggers";
import { startTriggerDelivery } from "../src/triggers/trigger-delivery-runner";

const env = z
  .object({
    C360_BENCH_DRIVER: z.enum(["postgres", "pglite"]).default("postgres"),
    C360_BENCH_ADMIN_URL: z.string().default("postgres://postgres@127.0.0.1:5432/postgres"),
    C360_BENCH_RATE: z.coerce.number().int().min(10).max(20_000).default(1000),
    C360_BENCH_SECONDS: z.coerce.number().min(5).max(600).default(30),
    C360_BENCH_BATCH: z.coerce.number().int().min(1).max(1000).default(100),
    C360_BENCH_PERSONS: z.coerce.number().int().min(100).max(200_000).default(5000),
    /** Share of events that some trigger's condition matches. */
    C360_BENCH_MATCHING: z.coerce.number().min(0).max(1).default(0.1),
  })
  .parse(process.env);

const actor = systemActor("bench:triggers");
const say = (m: string) => console.error(`[bench:triggers ${new Date().toISOString().slice(11, 19)}] ${m}`);
const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN;

async function openBenchDatabase(): Promise<{
  handle: DatabaseHandle;
  url: string | null;
  drop: () => Promise<void>;
}> {
  if (env.C360_BENCH_DRIVER === "pglite") {
    const handle = await openDatabase({ dataDir: "memory://" });
    await migrateDatabase(handle);
    return { handle, url: null, drop: () => handle.close() };
  }
  const admin = assertLocalDatabaseUrl(env.C360_BENCH_ADMIN_URL);
  const name = `c360_bench_triggers_${process.pid}`;
  const { default: postgres } = await import("postgres");
  const client = postgres(env.C360_BENCH_ADMIN_URL, { max: 1, onnotice: () => {} });
  await client.unsafe(`drop database if exists "${name}" with (force)`);
  await client.unsafe(`create database "${name}"`);
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), maxConnections: 8 });
  await migrateDatabase(handle);
  return {
    handle,
    url: url.toString(),
    drop: async () => {
      await handle.close();
      await client.unsafe(`drop database if exists "${name}" with (force)`);
      await client.end({ timeout: 5 });
    },
  };
}

async function main() {
  const { handle, url, drop } = await openBenchDatabase();
  const db = handle.db;
  const arrivals = new Map<string, number>();
  let received = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        event: { properties: { sentMs: number } };
        id: string;
      };
      received++;
      if (!arrivals.has(body.id)) arrivals.set(body.id, Date.now() - body.event.properties.sentMs);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const policy = { allowedHosts: [`127.0.0.1:${port}`] };
  try {
    say(`setting up ${env.C360_BENCH_PERSONS} persons on ${handle.driver}`);
    await ensureStandardPurposes(db, actor);
    const [src] = await queryRows<{ id: string }>(
      db,
      sql`insert into sources (name, kind) values ('bench-shop', 'ecommerce') returning id`,
    );
    const source: EventSource = { id: src!.id, name: "bench-shop", kind: "ecommerce" };
    // Persons: a profile and a record each; 80 % consent to email marketing (purpose-wide state, as the ledger keeps it).
    await db.execute(sql`with p as (
        insert into profiles (id) select gen_random_uuid() from generate_series(1, ${env.C360_BENCH_PERSONS}) returning id
      ), numbered as (select id, row_number() over () as n from p),
      r as (
        insert into source_records (source_id, external_id, content_hash, raw, standardized, profile_id, resolved_version)
        select ${source.id}::uuid, 'u' || n, 'h' || n, '{}'::jsonb, '{}'::jsonb, id, 1 from numbered returning id, profile_id
      )
      insert into profile_members (profile_id, record_id, reason) select profile_id, id, 'seed' from r`);
    await db.execute(sql`insert into consent_state (profile_id, purpose_id, channel, status, updated_at)
        select m.profile_id, p.id, p.channel, 'given', now()
        from source_records m, consent_purposes p
        where p.key = 'marketing.email' and m.source_id = ${source.id}::uuid and (substr(m.external_id, 2)::int % 5) <> 0`);
    const names = ["Order Completed", "Product Viewed", "Cart Abandoned", "Signed Up", "Email Clicked"];
    await applyTriggers(
      db,
      actor,
      {
        triggers: Array.from({ length: 10 }, (_, i) => ({
          key: `bench-${i}`,
          name: `Bench ${i}`,
          condition: {
            kind: "event" as const,
            event: names[i % names.length]!,
            where: [{ property: "bucket", op: "eq" as const, value: i }],
          },
          action: { kind: "webhook" as const, url: `http://127.0.0.1:${port}/t/${i}` },
          consent: { purpose: "marketing.email" },
        })),
      },
      { policy },
    );
    const runner = await startTriggerDelivery({
      db,
      driver: handle.driver,
      connectionString: url,
      policy,
      log: (line) => say(line),
    });
    say(
      `ingesting ${env.C360_BENCH_RATE} events/s for ${env.C360_BENCH_SECONDS} s in calls of ${env.C360_BENCH_BATCH}`,
    );
    const callsPerSecond = env.C360_BENCH_RATE / env.C360_BENCH_BATCH;
    const totalCalls = Math.round(callsPerSecond * env.C360_BENCH_SECONDS);
    const started = Date.now();
    let sent = 0;
    let accepted = 0;
    let lagMax = 0;
    const callMs: number[] = [];
    const inFlight = new Set<Promise<void>>();
    for (let call = 0; call < totalCalls; call++) {
      const due = started + (call * 1000) / callsPerSecond;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else lagMax = Math.max(lagMax, -wait);
      const now = Date.now();
      const batch = Array.from({ length: env.C360_BENCH_BATCH }, (_, i) => {
        const n = sent + i;
        const matching = (n * 7919) % 1000 < env.C360_BENCH_MATCHING * 1000;
        const bucket = matching ? n % 10 : 99;
        return {
          type: "track",
          messageId: `e${n}`,
          userId: `u${1 + ((n * 104729) % env.C360_BENCH_PERSONS)}`,
          event: names[bucket % names.length],
          properties: { bucket, sentMs: now },
          timestamp: new Date(now).toISOString(),
        };
      });
      sent += batch.length;
      // Calls overlap like concurrent REST requests (at most 8 at once).
      const p = ingestEvents(db, source, batch, actor, { origin: "api", receivedAt: new Date(now) }).then(
        (r) => {
          accepted += r.accepted;
          callMs.push(Date.now() - now);
        },
      );
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      if (inFlight.size >= 8) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const ingestSeconds = (Date.now() - started) / 1000;
    // Wait for the outbox to drain (or 60 s).
    const expected = async () =>
      (
        await queryRows<{ pending: number; delivered: number; skipped: number }>(
          db,
          sql`select count(*) filter (where status in ('pending', 'sending', 'retrying'))::int as pending,
                count(*) filter (where status = 'delivered')::int as delivered,
                count(*) filter (where status = 'skipped')::int as skipped from trigger_deliveries`,
        )
      )[0]!;
    const drainStarted = Date.now();
    let state = await expected();
    while (state.pending > 0 && Date.now() - drainStarted < 60_000) {
      await new Promise((r) => setTimeout(r, 250));
      state = await expected();
    }
    await runner.stop();
    const latencies = [...arrivals.values()].sort((a, b) => a - b);
    const calls = callMs.sort((a, b) => a - b);
    const figures = {
      driver: handle.driver,
      events: sent,
      accepted,
      ingestRate: Math.round(accepted / ingestSeconds),
      ingestCallP50Ms: quantile(calls, 0.5),
      ingestCallP99Ms: quantile(calls, 0.99),
      schedulerLagMaxMs: Math.round(lagMax),
      triggers: 10,
      fired: state.delivered + state.skipped + state.pending,
      delivered: state.delivered,
      skippedNoConsent: state.skipped,
      stillPending: state.pending,
      webhooksReceived: received,
      distinctDeliveryIds: arrivals.size,
      eventToWebhookP50Ms: quantile(latencies, 0.5),
      eventToWebhookP99Ms: quantile(latencies, 0.99),
      eventToWebhookMaxMs: latencies.at(-1) ?? null,
    };
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    server.close();
    await drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
