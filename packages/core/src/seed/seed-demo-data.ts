// `c360 seed`: realistic multi-source demo customers from the engine's generator, imported through the same
// pipeline as real data, resolved in batch, with interactions on every channel.
import type { Database } from "@c360/db/client";
import { generateCustomers } from "@c360/matching";
import type { Actor } from "../actor";
import { seedDemoConsent } from "../consent/seed-demo-consent";
import { importRecords } from "../ingest/import-records";
import { rowItems } from "../ingest/read-rows";
import { resolveFull, type ResolveFullResult } from "../resolution/resolve-full";
import { ensureSource } from "../sources/manage-sources";
import { getEventSettings, setEventSettings } from "../events/event-settings";
import { ingestEvents } from "../events/ingest-events";
import { DEMO_EVENT_CHANNELS, demoTrackMessage, syntheticInteractionsFor } from "./synthetic-interactions";

/** How far each demo system is trusted per attribute: the CRM for names, billing for addresses, the shop for email. */
const demoSources = {
  crm: { kind: "crm", trust: { first_name: 0.9, last_name: 0.9, dob: 0.8, email: 0.6, phone: 0.7 } },
  billing: { kind: "billing", trust: { street: 0.9, city: 0.9, postcode: 0.9, state: 0.9, last_name: 0.7 } },
  support: { kind: "support", trust: { phone: 0.8, email: 0.6 } },
  marketing: { kind: "marketing", trust: { email: 0.7 } },
  ecommerce: { kind: "ecommerce", trust: { email: 0.9, street: 0.7, phone: 0.6 } },
} as const;

export interface SeedResult {
  persons: number;
  records: number;
  interactions: number;
  resolution: ResolveFullResult;
}

export async function seedDemoData(
  db: Database,
  actor: Actor,
  options: {
    persons: number;
    seed?: number;
    onProgress?: (message: string) => void;
    /** Called once each demo source's records are in (the demo's quality history runs the checks there). */
    afterEachSource?: (name: string) => Promise<void>;
  },
): Promise<SeedResult> {
  const say = options.onProgress ?? (() => {});
  const data = generateCustomers({ persons: options.persons, seed: options.seed ?? 2026 });
  say(`generated ${options.persons} persons, ${data.records.length} source records`);
  const sourceIds = new Map<string, string>();
  for (const [name, config] of Object.entries(demoSources)) {
    const { source } = await ensureSource(db, actor, {
      name,
      kind: config.kind,
      description: `Demo ${name} system (synthetic data)`,
      fieldMapping: {},
      attributeTrust: config.trust,
    });
    sourceIds.set(name, source.id);
    const records = data.records.filter((r) => r.source === name);
    const summary = await importRecords(db, {
      source,
      rows: rowItems(records.map(({ source: _source, ...values }) => values)),
      origin: "file",
      actor,
      fileName: `seed:${name}`,
      resolve: null,
    });
    say(
      `imported ${name}: ${summary.accepted} new, ${summary.unchanged} unchanged, ${summary.rejected} rejected`,
    );
    await options.afterEachSource?.(name);
  }

  say("resolving identities…");
  const resolution = await resolveFull(db, {
    actor,
    onProgress: (stage, detail) => say(`  ${stage}: ${detail}`),
  });

  // The demo's behavioural data comes in the way any source's does: Segment track messages through ingestEvents,
  // userId = the source's own customer id, attributed to the record's profile (decision 0901).
  const now = new Date();
  let interactions = 0;
  for (const [name, channels] of Object.entries(DEMO_EVENT_CHANNELS)) {
    await setEventSettings(db, actor, { sourceName: name, channels });
    const source = {
      id: sourceIds.get(name)!,
      name,
      kind: demoSources[name as keyof typeof demoSources].kind,
    };
    const settings = await getEventSettings(db, source.id);
    const messages = data.records
      .filter((record) => record.source === name)
      .flatMap((record) =>
        syntheticInteractionsFor(record.source, record.record_id, now).map((event) =>
          demoTrackMessage(record.record_id, event),
        ),
      );
    for (let start = 0; start < messages.length; start += 2000) {
      const result = await ingestEvents(db, source, messages.slice(start, start + 2000), actor, {
        settings,
        origin: "seed",
        now,
      });
      interactions += result.accepted + result.duplicate;
    }
  }
  say(`recorded ${interactions} interactions`);
  const consent = await seedDemoConsent(db, actor, { now });
  say(`recorded ${consent.events} consent events`);
  return { persons: options.persons, records: data.records.length, interactions, resolution };
}
