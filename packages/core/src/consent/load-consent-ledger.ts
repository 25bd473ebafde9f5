// One profile's consent as stored: its current state per purpose and channel (expiry applied as the gate applies
// it) and its ledger, newest first. The consent page (get-profile-consent.ts) and the profile page
// (get-profile-view.ts) both read it here and shape it for their own view.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import type { SubjectIdentities } from "@c360/db/schema";
import { sql } from "drizzle-orm";
import { effectiveStatus } from "./consent-gate";

export type EffectiveConsentStatus = "given" | "refused" | "withdrawn" | "expired";

export interface StoredConsentState {
  purposeKey: string;
  purposeName: string;
  channel: string;
  status: EffectiveConsentStatus;
  expiresAt: Date | null;
  /**
   * Since when the status holds: when the decision that set it took effect (the last event's effective time, which
   * may be days before it was recorded), or its expiry for an expired consent; the row's write time only for state
   * written without an event.
   */
  since: Date;
  /** When the state row was last written. */
  updatedAt: Date;
  lastEventId: number | null;
}

export interface StoredConsentEvent {
  id: number;
  purposeKey: string;
  purposeName: string;
  channel: string;
  status: string;
  method: string;
  origin: string | null;
  userAgent: string | null;
  notice: { key: string; version: number } | null;
  subject: SubjectIdentities;
  capturedAt: Date;
  effectiveAt: Date;
  expiresAt: Date | null;
  recordedAt: Date;
  actorLabel: string;
}

const dateOrNull = (value: unknown) =>
  value === null || value === undefined ? null : new Date(value as string);

/** The current state, ordered by purpose key and channel; a consent past its expiry reads as expired. */
export async function loadConsentState(db: Database, profileId: string): Promise<StoredConsentState[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select p.key, p.name, c.channel, ${effectiveStatus("c")} as status, c.expires_at, c.updated_at, c.last_event_id,
          case when ${effectiveStatus("c")} = 'expired' then c.expires_at else coalesce(e.effective_at, c.updated_at) end as since
        from consent_state c join consent_purposes p on p.id = c.purpose_id
        left join consent_events e on e.id = c.last_event_id
        where c.profile_id = ${profileId}::uuid order by p.key, c.channel`,
  );
  return rows.map((r) => ({
    purposeKey: String(r.key),
    purposeName: String(r.name),
    channel: String(r.channel),
    status: r.status as EffectiveConsentStatus,
    expiresAt: dateOrNull(r.expires_at),
    since: new Date(r.since as string),
    updatedAt: new Date(r.updated_at as string),
    lastEventId: r.last_event_id === null || r.last_event_id === undefined ? null : Number(r.last_event_id),
  }));
}

/** The ledger, newest effective first, at most `limit` events. */
export async function loadConsentHistory(
  db: Database,
  profileId: string,
  limit: number,
): Promise<StoredConsentEvent[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select e.id, p.key, p.name, e.channel, e.status::text as status, e.method, e.origin, e.user_agent, n.notice_key, n.version,
          e.subject_identities, e.captured_at, e.effective_at, e.expires_at, e.recorded_at, e.actor_label
        from consent_events e join consent_purposes p on p.id = e.purpose_id left join consent_notices n on n.id = e.notice_id
        where e.profile_id = ${profileId}::uuid order by e.effective_at desc, e.id desc limit ${limit}`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    purposeKey: String(r.key),
    purposeName: String(r.name),
    channel: String(r.channel),
    status: String(r.status),
    method: String(r.method),
    origin: (r.origin as string | null) ?? null,
    userAgent: (r.user_agent as string | null) ?? null,
    notice: r.notice_key ? { key: String(r.notice_key), version: Number(r.version) } : null,
    subject: (typeof r.subject_identities === "string"
      ? JSON.parse(r.subject_identities)
      : r.subject_identities) as SubjectIdentities,
    capturedAt: new Date(r.captured_at as string),
    effectiveAt: new Date(r.effective_at as string),
    expiresAt: dateOrNull(r.expires_at),
    recordedAt: new Date(r.recorded_at as string),
    actorLabel: String(r.actor_label),
  }));
}
