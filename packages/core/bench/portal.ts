// Benchmark: the portal under load. Fills a dedicated PostgreSQL database with synthetic profiles (golden
// attributes, members, source records) and interactions, serves the production build of the portal on it, signs
// in as a demo user and runs concurrent users on loopback for a bounded time: searches through the tRPC HTTP
// endpoint, profile pages as server-rendered HTML. Prints and writes p50/p95/p99 per kind and the server's peak RSS.
// Run: npm run bench:portal   (env: C360_BENCH_PROFILES, C360_BENCH_INTERACTIONS, C360_BENCH_SECONDS, see below)
// With C360_BENCH_EVENTS, Segment-shaped events of a web shop are stored too (skewed: a thousand active customers
// hold a large share, a tenth never identify), saved segments over interactions are evaluated on every profile
// page, a share of pages opens an active customer, and events posted over REST are timed until an open profile
// page has heard of them and fetched its new rendering (event to visible).
import { queryRows, openDatabase, type DatabaseHandle } from "@c360/db/client";
import { migrateDatabase } from "@c360/db/migrate";
import { assertLocalDatabaseUrl } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { systemActor } from "../src/actor";
import { rotateSourceToken } from "../src/sources/source-tokens";
import { createAccessTokenForEmail } from "../src/tokens/manage-access-tokens";
import { ensureDemoUsers } from "../src/users/ensure-demo-users";
import { BENCH_EVENT_SOURCE, loadBulkEvents } from "./bulk-events";
import { loadBulkInteractions, loadBulkProfiles, withoutSecondaryIndexes } from "./bulk-profiles";

const benchEnv = z
  .object({
    C360_BENCH_PROFILES: z.coerce.number().int().min(100).default(1_000_000),
    C360_BENCH_INTERACTIONS: z.coerce.number().int().min(0).default(10_000_000),
    /** Segment events of the bench web shop, stored in interactions beside the interactions above (issue 19). */
    C360_BENCH_EVENTS: z.coerce.number().int().min(0).default(0),
    /** Active customers: profiles 1..N share 30 % of the attributed events (at 10M events: 3,000 each). */
    C360_BENCH_HEAVY_PROFILES: z.coerce.number().int().min(1).default(1000),
    /** Share of profile pages that open an active customer (with events only). */
    C360_BENCH_HEAVY_PAGE_SHARE: z.coerce.number().min(0).max(1).default(0.2),
    /** Saved segments over interactions, evaluated for the profile on each page (with events only). */
    C360_BENCH_SEGMENTS: z.coerce.number().int().min(0).max(100).default(5),
    /** Events posted over REST while a profile page listens, each timed until the page has its new rendering. */
    C360_BENCH_LIVE_EVENTS: z.coerce.number().int().min(0).max(10_000).default(100),
    C360_BENCH_SECONDS: z.coerce.number().min(1).max(3600).default(60),
    C360_BENCH_USERS: z.coerce.number().int().min(1).max(200).default(20),
    /**
     * Mean pause of a user between two requests (uniform 0..2x), reading what came back. 0 makes a closed loop that
     * only measures saturation: latency is then users / throughput, whatever the queries cost.
     */
    C360_BENCH_THINK_MS: z.coerce.number().min(0).max(60_000).default(1000),
    /** Seconds of one user alone first: what a request costs without queueing behind the others. */
    C360_BENCH_SINGLE_SECONDS: z.coerce.number().min(0).max(600).default(15),
    /** Share of requests that are searches; the rest are profile pages. */
    C360_BENCH_SEARCH_SHARE: z.coerce.number().min(0).max(1).default(0.6),
    /**
     * Profiles rewritten per second while the users work (their names and search text, as real-time resolution and
     * stewards do): searches then meet what writes leave in the trigram indexes, not a freshly built index only.
     */
    C360_BENCH_PROFILE_WRITES: z.coerce.number().min(0).max(1000).default(10),
    /** The server to create the bench database on (its own database in the URL is only used to connect). */
    C360_BENCH_ADMIN_URL: z.string().default("postgres://postgres@127.0.0.1:5432/postgres"),
    C360_BENCH_DATABASE: z
      .string()
      .regex(
        /^c360_bench_[a-z0-9_]+$/,
        "C360_BENCH_DATABASE must start with c360_bench_ (the bench drops and recreates it)",
      )
      .default("c360_bench_portal"),
    /** 1: keep the filled database afterwards, and reuse it next time if it holds the same sizes. */
    C360_BENCH_KEEP: z.enum(["0", "1"]).default("0"),
    /** 1: build the portal first (under the shared build lock) even if a build exists. */
    C360_BENCH_BUILD: z.enum(["0", "1"]).default("0"),
    /** MCP tool calls over /api/mcp by agents holding personal access tokens of the bench user (issue 24); 0: none. */
    C360_BENCH_MCP_CALLS: z.coerce.number().int().min(0).max(100_000).default(600),
    /** Agents calling at once, each with its own token (each token has its own per-minute budget). */
    C360_BENCH_MCP_AGENTS: z.coerce.number().int().min(1).max(100).default(4),
    C360_BENCH_USER: z.string().default("steward@example.com"),
    C360_BENCH_PASSWORD: z.string().default("c360-demo"),
  })
  .parse(process.env);

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const portalDir = join(root, "apps", "portal");
const say = (message: string) =>
  console.log(`[bench:portal ${new Date().toISOString().slice(11, 19)}] ${message}`);
const quantile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN;
const round = (n: number) => Math.round(n * 10) / 10;

// ---------------------------------------------------------------------------------------------------------- data

const adminUrl = assertLocalDatabaseUrl(benchEnv.C360_BENCH_ADMIN_URL);
const benchUrl = new URL(adminUrl.toString());
benchUrl.pathname = `/${benchEnv.C360_BENCH_DATABASE}`;
const sizes = {
  profiles: benchEnv.C360_BENCH_PROFILES,
  interactions: benchEnv.C360_BENCH_INTERACTIONS,
  ...(benchEnv.C360_BENCH_EVENTS > 0
    ? {
        events: benchEnv.C360_BENCH_EVENTS,
        heavyProfiles: benchEnv.C360_BENCH_HEAVY_PROFILES,
        segments: benchEnv.C360_BENCH_SEGMENTS,
      }
    : {}),
};

/** A connection to the server's maintenance database, for creating and dropping the bench database. */
async function withAdmin<T>(run: (admin: DatabaseHandle["db"]) => Promise<T>): Promise<T> {
  const admin = await openDatabase({ url: adminUrl.toString(), maxConnections: 1 });
  try {
    return await run(admin.db);
  } finally {
    await admin.close();
  }
}

/** Reuses a kept database that holds these sizes, else creates it afresh and fills it. Returns the load time. */
async function prepareDatabase(): Promise<{ handle: DatabaseHandle; loadSeconds: number | null }> {
  const name = benchEnv.C360_BENCH_DATABASE;
  const exists = await withAdmin(
    async (admin) =>
      (await queryRows(admin, sql`select 1 from pg_database where datname = ${name}`)).length > 0,
  );
  if (exists && benchEnv.C360_BENCH_KEEP === "1") {
    const handle = await openDatabase({ url: benchUrl.toString(), maxConnections: 4 });
    const [meta] = await queryRows<{ sizes: unknown }>(
      handle.db,
      sql`select value as sizes from bench_meta where key = 'sizes' and exists (select 1 from bench_meta where key = 'complete')`,
    ).catch(() => []);
    // jsonb keeps keys in its own order (shorter first): compare with the keys sorted.
    const canonical = (value: unknown) =>
      JSON.stringify(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    if (meta && canonical(meta.sizes) === canonical(sizes)) {
      say(
        `reusing ${name} (${sizes.profiles} profiles, ${sizes.interactions} interactions); applying new migrations`,
      );
      await migrateDatabase(handle);
      await handle.db.execute(sql`analyze`);
      return { handle, loadSeconds: null };
    }
    await handle.close();
  }
  await withAdmin(async (admin) => {
    await admin.execute(sql.raw(`drop database if exists "${name}" with (force)`));
    await admin.execute(sql.raw(`create database "${name}"`));
  });
  const handle = await openDatabase({ url: benchUrl.toString(), maxConnections: 4 });
  await migrateDatabase(handle);
  await ensureDemoUsers(handle.db);
  const db = handle.db;
  await db.execute(sql`create table bench_meta (key text primary key, value jsonb not null)`);
  await db.execute(sql`insert into bench_meta values ('sizes', ${JSON.stringify(sizes)}::jsonb)`);
  const started = performance.now();
  const rebuild = await withoutSecondaryIndexes(db, [
    "profiles",
    "golden_attributes",
    "source_records",
    "profile_members",
    "interactions",
  ]);
  await loadBulkProfiles(db, { profiles: sizes.profiles, detail: "full", onProgress: say });
  await loadBulkInteractions(db, {
    profiles: sizes.profiles,
    interactions: sizes.interactions,
    onProgress: say,
  });
  if (benchEnv.C360_BENCH_EVENTS > 0) {
    await loadBulkEvents(db, {
      profiles: sizes.profiles,
      events: benchEnv.C360_BENCH_EVENTS,
      heavyProfiles: benchEnv.C360_BENCH_HEAVY_PROFILES,
      onProgress: say,
    });
    // Segments a marketing team keeps over behaviour: evaluated for the open profile on every page.
    const definitions = [
      {
        kind: "interactions",
        channel: "purchase",
        type: "Order Completed",
        withinDays: 90,
        atLeast: 1,
        atMost: null,
      },
      { kind: "interactions", channel: "web", type: null, withinDays: 30, atLeast: 5, atMost: null },
      { kind: "interactions", channel: "email", type: null, withinDays: 180, atLeast: 0, atMost: 0 },
      {
        kind: "interactions",
        channel: null,
        type: "Checkout Started",
        withinDays: 7,
        atLeast: 1,
        atMost: null,
      },
      { kind: "interactions", channel: "purchase", type: null, withinDays: null, atLeast: 10, atMost: null },
    ];
    for (let i = 0; i < benchEnv.C360_BENCH_SEGMENTS; i++) {
      const condition = definitions[i % definitions.length]!;
      await db.execute(
        sql`insert into segments (name, definition) values (${`Bench segment ${i + 1}`}, ${JSON.stringify({ kind: "group", combinator: "and", conditions: [condition] })}::jsonb)`,
      );
    }
  }
  // Open review tasks on one profile in a hundred (paired with the next), as a resolution run would leave them.
  await db.execute(sql`insert into review_tasks (kind, record_ids, profile_ids, score)
    select 'pair', array(select unnest(array[bench_uuid('r' || g || '-1'), bench_uuid('r' || g + 1 || '-1')]) order by 1),
      array(select unnest(array[bench_uuid('p' || g), bench_uuid('p' || g + 1)]) order by 1), 0.5 + (g % 40) / 100.0
    from generate_series(100, ${sizes.profiles - 1}::int, 100) g`);
  say("building indexes…");
  await db.execute(sql`set maintenance_work_mem = '512MB'`);
  await rebuild();
  say("analyze…");
  await db.execute(sql`vacuum analyze`);
  await db.execute(sql`insert into bench_meta values ('complete', 'true'::jsonb)`);
  const loadSeconds = (performance.now() - started) / 1000;
  say(
    `loaded ${sizes.profiles} profiles, ${sizes.interactions} interactions and ${benchEnv.C360_BENCH_EVENTS} events in ${loadSeconds.toFixed(0)} s`,
  );
  return { handle, loadSeconds };
}

interface Sample {
  id: string;
  displayName: string;
  email: string;
  phone: string;
  externalId: string;
}

/** Real profiles to ask for, spread over the whole table (ids are md5 of a number, so random-looking). */
async function sampleProfiles(
  handle: DatabaseHandle,
  count: number,
  among = sizes.profiles,
): Promise<Sample[]> {
  const numbers = Array.from(
    { length: count },
    (_, i) => 1 + Math.floor((((i * 2654435761) % 4294967296) / 4294967296) * among),
  );
  const rows = await queryRows<{
    id: string;
    display_name: string;
    email: string;
    phone: string;
    external_id: string;
  }>(
    handle.db,
    sql`select p.id, p.display_name, e.value #>> '{}' as email, ph.value #>> '{}' as phone,
          (select r.external_id from source_records r where r.profile_id = p.id order by r.external_id limit 1) as external_id
        from unnest(${`{${numbers.join(",")}}`}::int[]) g
        join profiles p on p.id = bench_uuid('p' || g)
        join golden_attributes e on e.profile_id = p.id and e.attribute = 'email'
        join golden_attributes ph on ph.profile_id = p.id and ph.attribute = 'phone'`,
  );
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    email: r.email,
    phone: r.phone,
    externalId: r.external_id,
  }));
}

// ------------------------------------------------------------------------------------------------------- queries

/** Deterministic: the same run asks the same things. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A typo a person makes: a letter dropped, doubled or swapped with the next, somewhere after the first. */
function typo(random: () => number, word: string): string {
  if (word.length < 4) return word;
  const i = 1 + Math.floor(random() * (word.length - 2));
  const kind = Math.floor(random() * 3);
  if (kind === 0) return word.slice(0, i) + word.slice(i + 1);
  if (kind === 1) return word.slice(0, i) + word[i] + word.slice(i);
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

const formatUsPhone = (e164: string) => {
  const d = e164.replace(/^\+1/, "");
  return `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;
};

/** What people type in the search box, in proportions a service desk would recognise. */
function searchQueries(samples: readonly Sample[], random: () => number): { kind: string; query: string }[] {
  const out: { kind: string; query: string }[] = [];
  for (const s of samples) {
    const [first = "", last = ""] = s.displayName.toLowerCase().split(" ");
    out.push({ kind: "name", query: `${first} ${last}` });
    out.push({ kind: "name typo", query: `${typo(random, first)} ${typo(random, last)}` });
    out.push({ kind: "name typo", query: `${first} ${typo(random, last)}` });
    out.push({ kind: "email", query: s.email });
    out.push({ kind: "phone", query: random() < 0.5 ? formatUsPhone(s.phone) : s.phone });
    out.push({ kind: "record id", query: s.externalId });
    if (random() < 0.3) out.push({ kind: "profile id", query: s.id });
    if (random() < 0.3) out.push({ kind: "surname", query: last });
    if (random() < 0.2) out.push({ kind: "email typo", query: typo(random, s.email) });
  }
  return out;
}

// -------------------------------------------------------------------------------------------------------- server

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() =>
        port === 3000 || port === 3100 ? freePort().then(resolvePort, reject) : resolvePort(port),
      );
    });
  });
}

const BUILD_LOCK = "/tmp/c360-next-build.lock";

/** Builds the portal under the shared build lock unless a build exists (checked again once the lock is held). */
function ensureBuild(): string {
  const buildId = join(portalDir, ".next", "BUILD_ID");
  if (benchEnv.C360_BENCH_BUILD === "1" || !existsSync(buildId)) {
    say(`building the portal (under ${BUILD_LOCK})…`);
    const test = benchEnv.C360_BENCH_BUILD === "1" ? "false" : `test -f '${buildId}'`;
    const result = spawnSync("flock", [BUILD_LOCK, "sh", "-c", `${test} || npm run build -w @c360/portal`], {
      cwd: root,
      stdio: "inherit",
    });
    if (result.status !== 0) throw new Error(`the portal build failed (exit ${result.status})`);
  }
  return readFileSync(buildId, "utf8").trim();
}

/**
 * Holds the build lock shared while the server runs, so nobody rebuilds .next under it (builds take it exclusive).
 * Resolves once the lock is held.
 */
async function holdBuildShared(): Promise<ChildProcess> {
  const holder = spawn("flock", ["-s", BUILD_LOCK, "sh", "-c", "echo held; exec sleep 86400"], {
    stdio: ["ignore", "pipe", "ignore"],
    detached: true,
  });
  await new Promise<void>((resolveHeld, reject) => {
    holder.stdout.once("data", () => resolveHeld());
    holder.once("exit", (code) => reject(new Error(`flock exited with ${code}`)));
  });
  return holder;
}

async function startPortal(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      join(root, "node_modules", "next", "dist", "bin", "next"),
      "start",
      "-p",
      String(port),
      "-H",
      "127.0.0.1",
    ],
    {
      cwd: portalDir,
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: benchUrl.toString(),
        C360_DATA_DIR: "",
        NEXTAUTH_URL: `http://127.0.0.1:${port}`,
        NEXTAUTH_SECRET: "bench-portal-secret-bench-portal-secret",
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  child.stdout.on("data", () => {});
  child.stderr.on("data", (chunk: Buffer) => process.stderr.write(`[portal] ${chunk}`));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the portal did not answer /api/health within 120 s");
}

/** The server's process and its children (next start runs the server in a child process). */
function processTree(rootPid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return [...tree];
}

function processTreeRss(rootPid: number): number {
  let bytes = 0;
  for (const pid of processTree(rootPid)) {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      bytes += Number(kb ?? 0) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return bytes;
}

const clockTicks = 100;
/** User + system CPU seconds a process has used so far (0 if it is gone). */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return 0;
  }
}

/**
 * CPU used so far by the portal server, by PostgreSQL's processes (backends, WAL writer, checkpointer) and by the
 * whole machine: what a request costs whatever else runs, and how much of the two cores something else took.
 */
function cpuCounters(serverPid: number): {
  server: number;
  postgres: number;
  machineBusy: number;
  machineTotal: number;
} {
  let postgres = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "postgres")
        postgres += cpuSecondsOf(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  const server = processTree(serverPid).reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).map(Number);
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = ticks[3]! + ticks[4]!;
  return { server, postgres, machineBusy: (total - idle) / clockTicks, machineTotal: total / clockTicks };
}

/** Per-request CPU of the server and PostgreSQL between two counters, and the cores the rest of the machine used. */
function cpuBetween(
  before: ReturnType<typeof cpuCounters>,
  after: ReturnType<typeof cpuCounters>,
  requests: number,
  seconds: number,
) {
  const server = after.server - before.server;
  const postgres = after.postgres - before.postgres;
  const busy = after.machineBusy - before.machineBusy;
  return {
    serverMsPerRequest: round((server * 1000) / Math.max(1, requests)),
    postgresMsPerRequest: round((postgres * 1000) / Math.max(1, requests)),
    /** Cores busy on average over the phase (2 = the machine was saturated). */
    machineBusyCores: round(busy / seconds),
    /** Cores used by everything but the server and PostgreSQL (the load generator, other work on the machine). */
    otherCores: round(Math.max(0, busy - server - postgres) / seconds),
  };
}

/** next-auth's credentials flow: the CSRF token and its cookie, then the callback that sets the session cookie. */
async function signIn(base: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const callback = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({
      csrfToken,
      email: benchEnv.C360_BENCH_USER,
      password: benchEnv.C360_BENCH_PASSWORD,
      callbackUrl: base,
      json: "true",
    }),
  });
  keep(callback);
  if (![...jar.keys()].some((k) => k.endsWith("next-auth.session-token"))) {
    throw new Error(
      `signing in as ${benchEnv.C360_BENCH_USER} failed (HTTP ${callback.status}, no session cookie)`,
    );
  }
  return cookie();
}

// ---------------------------------------------------------------------------------------------------------- load

interface Timing {
  kind: "search" | "profile";
  detail: string;
  ms: number;
  ok: boolean;
}

async function timed(
  kind: Timing["kind"],
  detail: string,
  request: () => Promise<Response>,
  check: (body: string) => boolean,
): Promise<Timing> {
  const started = performance.now();
  try {
    const response = await request();
    const body = await response.text();
    return { kind, detail, ms: performance.now() - started, ok: response.ok && check(body) };
  } catch {
    return { kind, detail, ms: performance.now() - started, ok: false };
  }
}

async function runLoad(
  base: string,
  cookie: string,
  samples: readonly Sample[],
  seconds: number,
  users: number,
  thinkMs: number,
  heavy: readonly Sample[] = [],
) {
  const random = prng(2026);
  const queries = searchQueries(samples, random);
  const headers = { cookie };
  const search = (query: string) =>
    fetch(
      `${base}/api/trpc/profiles.search?input=${encodeURIComponent(JSON.stringify({ json: { query } }))}`,
      { headers },
    );
  const page = (id: string) => fetch(`${base}/profiles/${id}`, { headers, redirect: "manual" });
  const timings: Timing[] = [];
  const deadline = performance.now() + seconds * 1000;
  const user = async (n: number) => {
    const own = prng(1000 + n);
    while (performance.now() < deadline) {
      if (own() < benchEnv.C360_BENCH_SEARCH_SHARE) {
        const q = queries[Math.floor(own() * queries.length)]!;
        timings.push(
          await timed(
            "search",
            q.kind,
            () => search(q.query),
            (body) => body.includes('"hits"'),
          ),
        );
      } else {
        const active = heavy.length > 0 && own() < benchEnv.C360_BENCH_HEAVY_PAGE_SHARE;
        const pool = active ? heavy : samples;
        const s = pool[Math.floor(own() * pool.length)]!;
        timings.push(
          await timed(
            "profile",
            active ? "active customer" : "any customer",
            () => page(s.id),
            (body) => body.includes('data-testid="live-status"'),
          ),
        );
      }
      if (thinkMs > 0) await new Promise((r) => setTimeout(r, own() * 2 * thinkMs));
    }
  };
  await Promise.all(Array.from({ length: users }, (_, n) => user(n)));
  return timings;
}

/**
 * Rewrites `perSecond` random profiles a second for `seconds` (each a new row version with new entries in every
 * index, the trigram ones included), in a session with the portal's settings. Returns how many.
 */
async function writeProfiles(handle: DatabaseHandle, perSecond: number, seconds: number): Promise<number> {
  if (perSecond <= 0) return 0;
  const deadline = performance.now() + seconds * 1000;
  const random = prng(77);
  let written = 0;
  while (performance.now() < deadline) {
    const started = performance.now();
    const numbers = Array.from({ length: perSecond }, () => 1 + Math.floor(random() * sizes.profiles));
    // The search text changes (a trailing space toggled), so the update cannot be HOT: every index gets new entries.
    await handle.db.execute(sql`update profiles set updated_at = now(),
        search_text = case when right(search_text, 1) = ' ' then rtrim(search_text) else search_text || ' ' end
      where id in (select bench_uuid('p' || g) from unnest(${`{${numbers.join(",")}}`}::int[]) g)`);
    written += numbers.length;
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - started))));
  }
  return written;
}

function summarize(timings: readonly Timing[], seconds: number) {
  const of = (list: readonly Timing[]) => {
    const ms = list.map((t) => t.ms).sort((a, b) => a - b);
    return {
      requests: list.length,
      errors: list.filter((t) => !t.ok).length,
      perSecond: round(list.length / seconds),
      p50: round(quantile(ms, 0.5)),
      p95: round(quantile(ms, 0.95)),
      p99: round(quantile(ms, 0.99)),
      max: round(ms.at(-1) ?? NaN),
    };
  };
  const searches = timings.filter((t) => t.kind === "search");
  const details = [...new Set(searches.map((t) => t.detail))].sort();
  return {
    search: {
      ...of(searches),
      byQuery: Object.fromEntries(details.map((d) => [d, of(searches.filter((t) => t.detail === d))])),
    },
    profile: {
      ...of(timings.filter((t) => t.kind === "profile")),
      byCustomer: Object.fromEntries(
        [...new Set(timings.filter((t) => t.kind === "profile").map((t) => t.detail))]
          .sort()
          .map((d) => [d, of(timings.filter((t) => t.kind === "profile" && t.detail === d))]),
      ),
    },
  };
}

// ------------------------------------------------------------------------------------------------------------ MCP

/**
 * Agents over MCP (issue 24): each agent holds its own personal access token of the bench user and calls
 * /api/mcp (stateless Streamable HTTP: one POST per tools/call) in a closed loop: search_profiles (name, email,
 * record id), get_profile, get_timeline, summarize_profile. Every call pays what an agent's does: the token check,
 * the per-token limit, the procedure, the audit entry. Tokens come from core, as `c360 tokens create` makes them.
 */
async function measureMcp(base: string, db: DatabaseHandle["db"], samples: readonly Sample[]) {
  const calls = benchEnv.C360_BENCH_MCP_CALLS;
  const agents = benchEnv.C360_BENCH_MCP_AGENTS;
  // One token per 100 calls (and at least one per agent): the per-token limit (120 a minute) is not what is measured.
  const tokens: string[] = [];
  const run = Date.now().toString(36);
  for (let i = 0; i < Math.max(agents, Math.ceil(calls / 100)); i++)
    tokens.push(
      (
        await createAccessTokenForEmail(db, systemActor("bench"), benchEnv.C360_BENCH_USER, {
          name: `bench ${run} ${i}`,
          scope: "read",
        })
      ).token,
    );
  const random = prng(24);
  const queries = searchQueries(samples, random).filter((q) =>
    ["name", "email", "record id"].includes(q.kind),
  );
  const timings: Timing[] = [];
  let next = 0;
  let id = 0;
  const call = async (token: string, tool: string, args: object): Promise<Timing> => {
    const started = performance.now();
    try {
      const response = await fetch(`${base}/api/mcp`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: ++id,
          method: "tools/call",
          params: { name: tool, arguments: args },
        }),
      });
      const body = await response.text();
      const ok = response.ok && body.includes('"result"') && !body.includes('"isError":true');
      return { kind: "search", detail: tool, ms: performance.now() - started, ok };
    } catch {
      return { kind: "search", detail: tool, ms: performance.now() - started, ok: false };
    }
  };
  const agent = async (a: number) => {
    const own = prng(500 + a);
    while (next < calls) {
      const n = next++;
      const token = tokens[n % tokens.length]!;
      const sample = samples[Math.floor(own() * samples.length)]!;
      const pick = own();
      if (pick < 0.4) {
        const q = queries[Math.floor(own() * queries.length)]!;
        timings.push(await call(token, "search_profiles", { query: q.query, limit: 10 }));
      } else if (pick < 0.7) timings.push(await call(token, "get_profile", { profileId: sample.id }));
      else if (pick < 0.85)
        timings.push(await call(token, "get_timeline", { profileId: sample.id, limit: 20 }));
      else timings.push(await call(token, "summarize_profile", { profileId: sample.id }));
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: agents }, (_, a) => agent(a)));
  const seconds = (performance.now() - started) / 1000;
  const of = (list: readonly Timing[]) => {
    const ms = list.map((t) => t.ms).sort((a, b) => a - b);
    return {
      calls: list.length,
      errors: list.filter((t) => !t.ok).length,
      p50: round(quantile(ms, 0.5)),
      p95: round(quantile(ms, 0.95)),
      p99: round(quantile(ms, 0.99)),
      max: round(ms.at(-1) ?? NaN),
    };
  };
  const tools = [...new Set(timings.map((t) => t.detail))].sort();
  return {
    agents,
    seconds: round(seconds),
    callsPerSecond: round(timings.length / seconds),
    ...of(timings),
    byTool: Object.fromEntries(tools.map((tool) => [tool, of(timings.filter((t) => t.detail === tool))])),
    targetMsP95: 300,
  };
}

// -------------------------------------------------------------------------------------------------- live events

/**
 * Event to visible (issue 19: p99 <= 1 s): a profile page's event stream is open (as the browser holds it); each
 * event is posted over REST as a shop would, then timed until the stream says "changed" and the page's new
 * rendering, fetched as the browser's refresh does, contains the event. Events go one at a time, 200 ms apart.
 */
async function measureLiveEvents(
  base: string,
  cookie: string,
  db: DatabaseHandle["db"],
  profileNumber: number,
  profileId: string,
  count: number,
) {
  const [crm] = await queryRows<{ id: string }>(db, sql`select id from sources where name = 'crm'`);
  const [shop] = await queryRows<{ id: string }>(
    db,
    sql`select id from sources where name = ${BENCH_EVENT_SOURCE}`,
  );
  // The shop's userId is the CRM's customer id.
  await db.execute(sql`insert into event_source_settings (source_id, user_id_source_id) values (${shop!.id}, ${crm!.id})
    on conflict (source_id) do update set user_id_source_id = excluded.user_id_source_id`);
  const { token } = await rotateSourceToken(db, systemActor("bench:portal"), BENCH_EVENT_SOURCE);
  const abort = new AbortController();
  const stream = await fetch(`${base}/api/profiles/${profileId}/events`, {
    headers: { cookie, accept: "text/event-stream" },
    signal: abort.signal,
  });
  if (!stream.ok || !stream.body) throw new Error(`the profile event stream answered HTTP ${stream.status}`);
  // Who waits for the next "changed" (an object, so the reader loop sees what the sending loop sets).
  const listener: { waiting: (() => void) | null } = { waiting: null };
  let ready: () => void = () => {};
  const isReady = new Promise<void>((r) => (ready = r));
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (message.includes("event: ready")) ready();
          if (message.includes("event: changed")) listener.waiting?.();
        }
      }
    } catch {
      // aborted at the end
    }
  })();
  await isReady;
  const run = Date.now().toString(36);
  const total: number[] = [];
  const post: number[] = [];
  /** From the REST answer (the events committed) to the page holding them: the live path itself. */
  const afterAnswer: number[] = [];
  let notSeen = 0;
  for (let i = 0; i < count; i++) {
    const messageId = `live-${run}-${i}`;
    const started = performance.now();
    const heard = new Promise<boolean>((resolveHeard) => {
      const timer = setTimeout(() => resolveHeard(false), 5000);
      listener.waiting = () => {
        clearTimeout(timer);
        resolveHeard(true);
      };
    });
    const response = await fetch(`${base}/api/v1/sources/${BENCH_EVENT_SOURCE}/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        batch: [
          {
            type: "track",
            messageId,
            userId: `crm-${profileNumber}`,
            event: "Product Viewed",
            properties: { product_id: `sku-${i}` },
            timestamp: new Date().toISOString(),
          },
        ],
      }),
    });
    await response.text();
    post.push(performance.now() - started);
    if (!response.ok) throw new Error(`posting an event answered HTTP ${response.status}`);
    if (!(await heard)) {
      notSeen++;
      continue;
    }
    listener.waiting = null;
    const page = await (await fetch(`${base}/profiles/${profileId}`, { headers: { cookie } })).text();
    if (!page.includes(messageId)) notSeen++;
    else {
      total.push(performance.now() - started);
      afterAnswer.push(total.at(-1)! - post.at(-1)!);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  abort.abort();
  const stats = (list: number[]) => {
    const ms = [...list].sort((a, b) => a - b);
    return {
      count: ms.length,
      p50: round(quantile(ms, 0.5)),
      p95: round(quantile(ms, 0.95)),
      p99: round(quantile(ms, 0.99)),
      max: round(ms.at(-1) ?? NaN),
    };
  };
  return {
    events: count,
    notVisibleWithin5s: notSeen,
    eventToVisibleMs: stats(total),
    postMs: stats(post),
    answerToVisibleMs: stats(afterAnswer),
    targetP99Ms: 1000,
  };
}

// ---------------------------------------------------------------------------------------------------------- main

let server: ChildProcess | null = null;
let lockHolder: ChildProcess | null = null;
let handle: DatabaseHandle | null = null;
const stopServer = () => {
  for (const child of [server, lockHolder]) {
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  }
};
process.on("SIGINT", () => {
  stopServer();
  process.exit(130);
});
try {
  say(
    `${sizes.profiles} profiles, ${sizes.interactions} interactions, ${benchEnv.C360_BENCH_USERS} users for ${benchEnv.C360_BENCH_SECONDS} s, database ${benchEnv.C360_BENCH_DATABASE}`,
  );
  const prepared = await prepareDatabase();
  handle = prepared.handle;
  const samples = await sampleProfiles(handle, 400);
  const heavy =
    benchEnv.C360_BENCH_EVENTS > 0
      ? await sampleProfiles(handle, 100, benchEnv.C360_BENCH_HEAVY_PROFILES)
      : [];
  const buildId = ensureBuild();
  lockHolder = await holdBuildShared();
  const port = await freePort();
  say(`starting next start on 127.0.0.1:${port} (build ${buildId})`);
  server = await startPortal(port);
  const base = `http://127.0.0.1:${port}`;
  const cookie = await signIn(base);
  say(`signed in as ${benchEnv.C360_BENCH_USER}; warming up`);
  await runLoad(base, cookie, samples.slice(0, 20), 5, 2, 0);
  let single: (ReturnType<typeof summarize> & { cpu: ReturnType<typeof cpuBetween> }) | null = null;
  if (benchEnv.C360_BENCH_SINGLE_SECONDS > 0) {
    say(`one user alone for ${benchEnv.C360_BENCH_SINGLE_SECONDS} s`);
    const started = performance.now();
    const before = cpuCounters(server.pid!);
    const alone = await runLoad(base, cookie, samples, benchEnv.C360_BENCH_SINGLE_SECONDS, 1, 0, heavy);
    const aloneSeconds = (performance.now() - started) / 1000;
    single = {
      ...summarize(alone, aloneSeconds),
      cpu: cpuBetween(before, cpuCounters(server.pid!), alone.length, aloneSeconds),
    };
  }

  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, processTreeRss(server!.pid!))), 250);
  const loadBefore = os.loadavg();
  say(
    `load: ${benchEnv.C360_BENCH_USERS} users for ${benchEnv.C360_BENCH_SECONDS} s, ${benchEnv.C360_BENCH_THINK_MS} ms mean pause`,
  );
  const started = performance.now();
  const cpuBefore = cpuCounters(server.pid!);
  const writer = writeProfiles(handle, benchEnv.C360_BENCH_PROFILE_WRITES, benchEnv.C360_BENCH_SECONDS);
  const timings = await runLoad(
    base,
    cookie,
    samples,
    benchEnv.C360_BENCH_SECONDS,
    benchEnv.C360_BENCH_USERS,
    benchEnv.C360_BENCH_THINK_MS,
    heavy,
  );
  const profileWrites = await writer;
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuBetween(cpuBefore, cpuCounters(server.pid!), timings.length, seconds);
  clearInterval(sampler);
  const loadAfter = os.loadavg();
  const figures = summarize(timings, seconds);
  let live: Awaited<ReturnType<typeof measureLiveEvents>> | null = null;
  if (benchEnv.C360_BENCH_EVENTS > 0 && benchEnv.C360_BENCH_LIVE_EVENTS > 0) {
    say(
      `event to visible: ${benchEnv.C360_BENCH_LIVE_EVENTS} events posted over REST to an open profile page`,
    );
    const [numbered] = await queryRows<{ id: string }>(handle.db, sql`select bench_uuid('p' || 1) as id`);
    live = await measureLiveEvents(base, cookie, handle.db, 1, numbered!.id, benchEnv.C360_BENCH_LIVE_EVENTS);
  }
  let mcp: Awaited<ReturnType<typeof measureMcp>> | null = null;
  if (benchEnv.C360_BENCH_MCP_CALLS > 0) {
    say(
      `MCP: ${benchEnv.C360_BENCH_MCP_CALLS} tool calls over /api/mcp by ${benchEnv.C360_BENCH_MCP_AGENTS} agents at once`,
    );
    mcp = await measureMcp(base, handle.db, samples);
  }
  const report = {
    benchmark: "portal",
    driver: "postgres",
    database: benchEnv.C360_BENCH_DATABASE,
    records: {
      profiles: sizes.profiles,
      interactions: sizes.interactions,
      events: benchEnv.C360_BENCH_EVENTS,
    },
    liveEvents: live,
    mcpToolCalls: mcp,
    users: benchEnv.C360_BENCH_USERS,
    thinkMsMean: benchEnv.C360_BENCH_THINK_MS,
    profileWritesPerSecond: round(profileWrites / benchEnv.C360_BENCH_SECONDS),
    signedInAs: benchEnv.C360_BENCH_USER,
    seconds: round(seconds),
    requests: timings.length,
    requestsPerSecond: round(timings.length / seconds),
    ...figures,
    cpu,
    oneUserAlone: single,
    targetsMs: { searchP95: 100, profileP95: 200 },
    targetsMet: figures.search.p95 <= 100 && figures.profile.p95 <= 200,
    serverPeakRssMb: Math.round(peakRss / 1024 / 1024),
    loadSeconds: prepared.loadSeconds === null ? null : Math.round(prepared.loadSeconds),
    machine: {
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      node: process.version,
      postgres: (
        await queryRows<{ v: string }>(handle.db, sql`select current_setting('server_version') as v`)
      )[0]?.v,
      loadAverageBefore: loadBefore.map((l) => +l.toFixed(2)),
      loadAverageAfter: loadAfter.map((l) => +l.toFixed(2)),
      date: new Date().toISOString(),
    },
  };
  console.log(JSON.stringify(report, null, 2));
  const outDir = join(dirname(fileURLToPath(import.meta.url)), "results");
  mkdirSync(outDir, { recursive: true });
  const outFile = join(
    outDir,
    benchEnv.C360_BENCH_EVENTS > 0
      ? `portal-events-postgres-${benchEnv.C360_BENCH_EVENTS}.json`
      : sizes.profiles === 1_000_000 && sizes.interactions === 10_000_000
        ? "portal-postgres.json"
        : `portal-postgres-${sizes.profiles}p-${sizes.interactions}i.json`,
  );
  writeFileSync(outFile, JSON.stringify(report, null, 2) + "\n");
  say(`wrote ${outFile}`);
} finally {
  stopServer();
  await handle?.close();
  if (benchEnv.C360_BENCH_KEEP !== "1") {
    await withAdmin((admin) =>
      admin.execute(sql.raw(`drop database if exists "${benchEnv.C360_BENCH_DATABASE}" with (force)`)),
    );
    say(`dropped ${benchEnv.C360_BENCH_DATABASE}`);
  }
}
