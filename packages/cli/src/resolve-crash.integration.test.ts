// A resolver killed with SIGKILL mid-run loses nothing: after a restart the profiles equal an uninterrupted run's.
import { systemActor } from "@c360/core/actor";
import { importRecords } from "@c360/core/ingest/import-records";
import type { ReadItem } from "@c360/core/ingest/read-rows";
import { exportMemberships } from "@c360/core/resolution/export-memberships";
import { resolveFull } from "@c360/core/resolution/resolve-full";
import { ensureSource } from "@c360/core/sources/manage-sources";
import { resolutionRuns } from "@c360/db/schema";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { asc } from "drizzle-orm";
import { generateCustomers } from "@c360/matching";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../bin/c360.mjs", import.meta.url));
const actor = systemActor("test");
const data = generateCustomers({ persons: 400, seed: 11 });

async function* rows(source: string): AsyncGenerator<ReadItem> {
  let row = 0;
  for (const record of data.records.filter((r) => r.source === source)) {
    const { source: _s, ...values } = record;
    yield { kind: "row", row: ++row, values: values };
  }
}

async function loadRecords(handle: TestDatabase) {
  for (const name of new Set(data.records.map((r) => r.source))) {
    const { source } = await ensureSource(handle.db, actor, {
      name,
      kind: "other",
      fieldMapping: {},
      attributeTrust: {},
    });
    await importRecords(handle.db, { source, rows: rows(name), origin: "file", actor, resolve: null });
  }
}

/** The clustering as a set of record groups: profile ids are random per database, the partition is what must agree. */
async function partition(handle: TestDatabase): Promise<string[]> {
  const groups = new Map<string, string[]>();
  for (const m of await exportMemberships(handle.db))
    groups.set(m.profileId!, [...(groups.get(m.profileId!) ?? []), `${m.source}/${m.recordId}`]);
  return [...groups.values()].map((g) => g.sort().join(" ")).sort();
}

/** Runs `c360 resolve` and kills it with SIGKILL as soon as it reports the stage before writing. */
function resolveAndKill(url: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, "resolve", "--full"], {
      env: { ...process.env, DATABASE_URL: url },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (/survive/.test(output)) child.kill("SIGKILL");
    });
    child.on("exit", (_code, signal) => resolve(signal ?? "exited"));
  });
}

// PGlite is one process's database: killing a second process needs a server, so this runs on PostgreSQL.
describe.skipIf(!process.env.DATABASE_URL)("resolver killed mid-run", () => {
  let interrupted: TestDatabase;
  let reference: TestDatabase;
  beforeAll(async () => {
    [interrupted, reference] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await Promise.all([loadRecords(interrupted), loadRecords(reference)]);
  });
  afterAll(async () => {
    await interrupted?.destroy();
    await reference?.destroy();
  });

  it("leaves no half-written profiles, and a restart gives the same clustering as an uninterrupted run", async () => {
    expect(await resolveAndKill(interrupted.url!)).toBe("SIGKILL");
    const afterKill = await exportMemberships(interrupted.db);
    // the write phase is one transaction: killed before commit, nothing of it is visible
    expect(afterKill.every((m) => m.profileId === null)).toBe(true);

    await resolveFull(interrupted.db, { actor });
    await resolveFull(reference.db, { actor });
    expect(await partition(interrupted)).toEqual(await partition(reference));
    // The killed run is not left "running" for ever: the next completed run marks it interrupted.
    const runs = await interrupted.db.select().from(resolutionRuns).orderBy(asc(resolutionRuns.startedAt));
    expect(runs.map((r) => r.status)).toEqual(["failed", "completed"]);
    expect(runs[0]!.error).toMatch(/^interrupted/);
  });
});
