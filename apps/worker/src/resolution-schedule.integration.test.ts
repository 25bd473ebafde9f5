// The worker's resolution schedule against a fresh test database: with records but no model it trains one with a
// full run; afterwards its sweep resolves records that were stored without being resolved (a crash between commit
// and resolution, or resolution switched off), so nothing stays outside a profile.
import { systemActor } from "@c360/core/actor";
import { ensureStandardPurposes } from "@c360/core/consent/manage-purposes";
import { recordGpcOptOut } from "@c360/core/consent/record-gpc-opt-out";
import { importRecords } from "@c360/core/ingest/import-records";
import type { ReadItem } from "@c360/core/ingest/read-rows";
import { createSource, type PublicSource } from "@c360/core/sources/manage-sources";
import { queryRows } from "@c360/db/client";
import { createTestDatabase, type TestDatabase } from "@c360/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startResolutionSchedule, type ResolutionSchedule } from "./resolution-schedule";

const actor = systemActor("test:resolution-schedule");
const firsts = [
  "Ada",
  "Bram",
  "Cleo",
  "Dev",
  "Esme",
  "Finn",
  "Gus",
  "Hana",
  "Ivo",
  "Jude",
  "Kai",
  "Lena",
  "Milo",
  "Nia",
  "Otto",
];
const lasts = [
  "Abbott",
  "Brennan",
  "Castillo",
  "Dimitrov",
  "Eklund",
  "Fairbanks",
  "Gallo",
  "Haddad",
  "Iwata",
  "Jansen",
];

function person(i: number) {
  const first = firsts[i % firsts.length]!;
  const last = lasts[Math.floor(i / firsts.length) % lasts.length]!;
  return {
    first,
    last,
    email: `${first}.${last}.${i}@example.org`.toLowerCase(),
    dob: `19${50 + (i % 45)}-0${1 + (i % 9)}-1${i % 10}`,
  };
}

async function* rows(records: Record<string, string>[]): AsyncGenerator<ReadItem> {
  let row = 0;
  for (const values of records) yield { kind: "row", row: ++row, values };
}

async function waitFor(check: () => Promise<boolean>, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not done within ${seconds} s`);
}

describe("resolution schedule", () => {
  let handle: TestDatabase;
  let crm: PublicSource;
  let shop: PublicSource;
  let schedule: ResolutionSchedule | null = null;
  const unresolved = async () =>
    (
      await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from source_records where profile_id is null`,
      )
    )[0]!.n;

  beforeAll(async () => {
    handle = await createTestDatabase();
    crm = await createSource(handle.db, actor, { name: "crm", kind: "crm", fieldMapping: {} });
    shop = await createSource(handle.db, actor, { name: "shop", kind: "ecommerce", fieldMapping: {} });
    const people = Array.from({ length: 150 }, (_, i) => person(i));
    await importRecords(handle.db, {
      source: crm,
      rows: rows(
        people.map((p, i) => ({
          record_id: `crm-${i}`,
          first_name: p.first,
          last_name: p.last,
          email: p.email,
          dob: p.dob,
        })),
      ),
      origin: "file",
      actor,
      resolve: null,
    });
    await importRecords(handle.db, {
      source: shop,
      rows: rows(
        people.map((p, i) => ({
          record_id: `shop-${i}`,
          full_name: `${p.last.toUpperCase()}, ${p.first}`,
          email: p.email.toUpperCase(),
        })),
      ),
      origin: "file",
      actor,
      resolve: null,
    });
  });
  afterAll(async () => {
    await schedule?.stop();
    await handle?.destroy();
  });

  it("trains a model with a first full run when records exist and none does, then sweeps up unresolved arrivals", async () => {
    expect(await unresolved()).toBe(300);
    // A GPC opt-out arrives for someone before any profile exists: it waits in the ledger unattributed.
    await ensureStandardPurposes(handle.db, actor);
    await recordGpcOptOut(handle.db, actor, { email: person(3).email });
    const lines: string[] = [];
    schedule = startResolutionSchedule(handle.db, {
      pendingSeconds: 1,
      fullEveryMinutes: 0,
      log: (line) => lines.push(line),
    });
    const fullRunLogged = () => lines.some((line) => line.startsWith("resolution: full run"));
    // The run's writes commit before it logs: wait for both.
    await waitFor(async () => fullRunLogged() && (await unresolved()) === 0, 90);
    const [model] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from match_models where active`,
    );
    expect(model!.n).toBe(1);
    expect(lines.some((line) => line.startsWith("resolution: full run"))).toBe(true);
    // The full run attached the waiting consent to the person's new profile.
    const [optOut] = await queryRows<{ attributed: string | null; profile: string }>(
      handle.db,
      sql`select (select min(profile_id::text) from consent_events) as attributed,
                 (select profile_id::text from source_records where external_id = 'crm-3') as profile`,
    );
    expect(optOut!.attributed).toBe(optOut!.profile);

    // A record stored without resolution (as after a crash between commit and resolve) is picked up by the sweep.
    const p = person(7);
    await importRecords(handle.db, {
      source: shop,
      rows: rows([
        { record_id: "shop-late-7", full_name: `${p.first} ${p.last}`, email: p.email, dob: p.dob },
      ]),
      origin: "api",
      actor,
      resolve: null,
    });
    expect(await unresolved()).toBe(1);
    const sweepLogged = () => lines.some((line) => line.startsWith("resolution: resolved 1 waiting record"));
    await waitFor(async () => sweepLogged() && (await unresolved()) === 0, 30);
    const [late] = await queryRows<{ late: string; known: string }>(
      handle.db,
      sql`select (select profile_id from source_records where external_id = 'shop-late-7')::text as late,
                 (select profile_id from source_records where external_id = 'crm-7')::text as known`,
    );
    expect(late!.late).toBe(late!.known);
    expect(lines.some((line) => line.startsWith("resolution: resolved 1 waiting record"))).toBe(true);
  });
});
