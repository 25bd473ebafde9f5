// Benchmark: the executive quality dashboard's read with 1,000,000 golden profiles and a year of daily runs.
// The dashboard reads pre-aggregated run summaries, so its time should not depend on the number of profiles.
// Run: npx tsx bench/quality-dashboard.ts [--profiles N] [--runs N] [--reads N]   (DATABASE_URL for PostgreSQL)
// Writes bench/results/quality-dashboard-<driver>.json.
import { createTestDatabase } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { systemActor } from "../src/actor";
import { loadBulkProfiles } from "./bulk-profiles";
import { getQualityDashboard } from "../src/quality/get-quality-dashboard";
import { runQualityChecks } from "../src/quality/run-quality-checks";

const { values } = parseArgs({
  options: {
    profiles: { type: "string", default: "1000000" },
    runs: { type: "string", default: "365" },
    reads: { type: "string", default: "200" },
  },
});
const profiles = Number(values.profiles);
const runs = Number(values.runs);
const reads = Number(values.reads);
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

const handle = await createTestDatabase();
const db = handle.db;
try {
  let started = performance.now();
  // Profiles with a golden email (one in 50 shared, as unresolved duplicates would be) and a name.
  await loadBulkProfiles(db, { profiles, detail: "email" });
  await db.execute(sql`analyze`);
  const loadSeconds = (performance.now() - started) / 1000;
  console.log(`loaded ${profiles} profiles in ${loadSeconds.toFixed(1)} s`);

  started = performance.now();
  const run = await runQualityChecks(db, systemActor("bench"), { trigger: "schedule" });
  const runSeconds = (performance.now() - started) / 1000;
  console.log(
    `one quality run over ${profiles} profiles: ${runSeconds.toFixed(1)} s, trust score ${run.trustScore?.toFixed(1)}`,
  );
  // A year of daily history: copies of the measured run, one day apart.
  await db.execute(sql`insert into quality_runs (trigger, status, started_at, finished_at, trust_score, summary)
    select 'schedule', 'completed', r.started_at - g * interval '1 day', r.finished_at - g * interval '1 day', r.trust_score, r.summary
    from quality_runs r, generate_series(1, ${runs - 1}::int) g where r.id = ${run.runId}::uuid`);

  for (let i = 0; i < 10; i++) await getQualityDashboard(db);
  const times: number[] = [];
  for (let i = 0; i < reads; i++) {
    const t = performance.now();
    const dashboard = await getQualityDashboard(db);
    times.push(performance.now() - t);
    if (!dashboard.latest) throw new Error("the dashboard found no run");
  }
  times.sort((a, b) => a - b);
  const report = {
    benchmark: "quality-dashboard",
    driver: handle.driver,
    profiles,
    runsKept: runs,
    reads,
    dashboardMs: {
      p50: +quantile(times, 0.5).toFixed(2),
      p95: +quantile(times, 0.95).toFixed(2),
      max: +times.at(-1)!.toFixed(2),
    },
    targetP95Ms: 1000,
    qualityRunSeconds: +runSeconds.toFixed(1),
    loadSeconds: +loadSeconds.toFixed(1),
    machine: {
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      node: process.version,
      loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
      date: new Date().toISOString(),
    },
  };
  console.log(JSON.stringify(report, null, 2));
  const outDir = join(process.cwd(), "bench", "results");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, `quality-dashboard-${handle.driver}.json`),
    JSON.stringify(report, null, 2) + "\n",
  );
} finally {
  await handle.destroy();
}
