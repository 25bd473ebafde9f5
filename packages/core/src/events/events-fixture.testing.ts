// Test data for events: sources, and records placed in profiles directly (no model needed), so attribution can be
// checked against a known truth.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { standardizeEmail } from "@c360/matching/standardize/emails";
import { standardizePhone } from "@c360/matching/standardize/phones";
import { sql } from "drizzle-orm";
import type { EventSource } from "./ingest-events";

export async function createEventSource(
  db: Database,
  name: string,
  kind: EventSource["kind"] = "web",
): Promise<EventSource> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into sources (name, kind) values (${name}, ${kind}::source_kind) returning id`,
  );
  return { id: row!.id, name, kind };
}

export interface PlacedRecord {
  recordId: string;
  profileId: string | null;
}

/**
 * A record of a source with its standardized email/phone, in a profile of its own or the one given (null: not
 * resolved yet).
 */
export async function placeRecord(
  db: Database,
  sourceId: string,
  externalId: string,
  options: { email?: string; phone?: string; profileId?: string | null } = {},
): Promise<PlacedRecord> {
  const standardized = {
    email: standardizeEmail(options.email ?? null),
    phone: standardizePhone(options.phone ?? null),
  };
  const raw = { id: externalId, email: options.email ?? null, phone: options.phone ?? null };
  let profileId = options.profileId === undefined ? null : options.profileId;
  if (options.profileId === undefined) {
    const [p] = await queryRows<{ id: string }>(db, sql`insert into profiles default values returning id`);
    profileId = p!.id;
  }
  const [r] = await queryRows<{ id: string }>(
    db,
    sql`insert into source_records (source_id, external_id, content_hash, raw, standardized, profile_id, resolved_version)
        values (${sourceId}::uuid, ${externalId}, ${`h-${externalId}`}, ${JSON.stringify(raw)}::jsonb, ${JSON.stringify(standardized)}::jsonb,
          ${profileId}::uuid, ${profileId ? 1 : null}::int)
        returning id`,
  );
  if (profileId)
    await db.execute(
      sql`insert into profile_members (profile_id, record_id, reason) values (${profileId}::uuid, ${r!.id}::uuid, 'seed')`,
    );
  return { recordId: r!.id, profileId };
}

export interface StoredEvent extends Record<string, unknown> {
  external_id: string;
  profile_id: string | null;
  source_record_id: string | null;
  attributed_by: string | null;
  unattributed_reason: string | null;
}

export async function storedEvents(db: Database, sourceId: string): Promise<StoredEvent[]> {
  return queryRows<StoredEvent>(
    db,
    sql`select external_id, profile_id, source_record_id, attributed_by::text, unattributed_reason::text, channel::text, type, event,
          occurred_at, message_type::text, message_id_derived, amount, currency
        from interactions where source_id = ${sourceId}::uuid order by external_id`,
  );
}
