// `c360 seed`: realistic multi-source demo customers from the engine's generator, imported through the same
// pipeline as real data, resolved in batch, with interactions on every channel.
import type { Database } from "@c360/db/client";
import { generateCustomers } from "@c360/matching";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { seedDemoConsent } from "../consent/seed-demo-consent";
import { importRecords } from "../ingest/import-records";
import { rowItems } from "../ingest/read-rows";
import { executeChunked } from "../resolution/bulk";
import { resolveFull, type ResolveFullResult } from "../resolution/resolve-full";
import { ensureSource } from "../sources/manage-sources";
import { syntheticInteractionsFor } from "./synthetic-interactions";

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
  options: { persons: number; seed?: number; onProgress?: (message: string) => void },
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
    const summary = await importRecords(db, { source, rows: rowItems(records.map(({ source: _source, ...values }) => values)), origin: "file", actor, fileName: `seed:${name}`, resolve: null });
    say(`imported ${name}: ${summary.accepted} new, ${summary.unchanged} unchanged, ${summary.rejected} rejected`);
  }

  say("resolving identities…");
  const resolution = await resolveFull(db, { actor, onProgress: (stage, detail) => say(`  ${stage}: ${detail}`) });

  const now = new Date();
  const interactions = data.records.flatMap((record) =>
    syntheticInteractionsFor(record.source, record.record_id, now).map((event) => ({
      source_id: sourceIds.get(record.source)!,
      record_external_id: record.record_id,
      external_id: event.externalId,
      channel: event.channel,
      type: event.type,
      occurred_at: event.occurredAt,
      amount: event.amount,
      currency: event.currency,
      properties: event.properties,
    })),
  );
  await executeChunked(
    db,
    interactions,
    (set) => sql`insert into interactions (profile_id, source_record_id, source_id, external_id, channel, type, occurred_at, amount, currency, properties)
      select s.profile_id, s.id, x.source_id, x.external_id, x.channel::interaction_channel, x.type, x.occurred_at, x.amount, x.currency, x.properties
      from ${set} join source_records s on s.source_id = x.source_id and s.external_id = x.record_external_id
      on conflict (source_id, external_id) do nothing`,
    "x",
    "source_id uuid, record_external_id text, external_id text, channel text, type text, occurred_at timestamptz, amount numeric, currency text, properties jsonb",
  );
  say(`recorded ${interactions.length} interactions`);
  const consent = await seedDemoConsent(db, actor, { now });
  say(`recorded ${consent.events} consent events`);
  return { persons: options.persons, records: data.records.length, interactions: interactions.length, resolution };
}
