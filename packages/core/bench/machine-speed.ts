// How fast the machine is at the moment a benchmark starts, in figures that do not depend on c360's database code:
// machines here differ by 2-3 times and drift within a session, so a figure from one run is compared with another
// run's only through these (decision 0004).
import { queryRows, type DatabaseHandle } from "@c360/db/client";
import { generateCustomers, resolveRecords } from "@c360/matching";
import { sql } from "drizzle-orm";

export interface MachineSpeed {
  /** The engine alone resolving 5,200 synthetic records (fixed seed), best of three: CPU speed. */
  engineMs: number;
  /** One `select 1` after another: the driver and the database's round trip, wall time. */
  roundTripMs: number;
  /** This process's CPU per round trip (the driver's share). */
  roundTripNodeCpuMs: number;
}

export async function measureMachineSpeed(handle: DatabaseHandle): Promise<MachineSpeed> {
  const { records } = generateCustomers({ persons: 2000, seed: 31 });
  let engineMs = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    resolveRecords(records, { uSampleSize: 100_000 });
    engineMs = Math.min(engineMs, performance.now() - started);
  }
  const trips = 2000;
  for (let i = 0; i < 200; i++) await queryRows(handle.db, sql`select 1 as one`);
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < trips; i++) await queryRows(handle.db, sql`select 1 as one`);
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    engineMs: Math.round(engineMs),
    roundTripMs: +(wall / trips).toFixed(3),
    roundTripNodeCpuMs: +((used.user + used.system) / 1000 / trips).toFixed(3),
  };
}
