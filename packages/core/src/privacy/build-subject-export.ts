// Everything c360 holds about a subject, as machine-readable JSON (GDPR Art. 15), and the part they provided
// themselves as JSON or CSV (Art. 20).
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { effectiveStatus } from "../consent/consent-gate";
import { pgTextArray } from "@c360/db/bulk";
import type { StandardSubject } from "./privacy-subject";
import { writeCsv } from "../csv/write-csv";

export const SUBJECT_EXPORT_FORMAT = "c360.subject-export/v1";
export const PORTABILITY_FORMAT = "c360.portability/v1";

type Row = Record<string, unknown>;

const ids = (values: readonly string[]) => sql`${pgTextArray([...values])}::uuid[]`;

/** Consent captured for the subject's email or phone before any profile held it (alias e). */
export function unattributedConsentOf(subject: Pick<StandardSubject, "email" | "phone">) {
  const matches = [];
  if (subject.email) matches.push(sql`lower(e.subject_identities->>'email') = ${subject.email}`);
  if (subject.phone) matches.push(sql`e.subject_identities->>'phone' = ${subject.phone}`);
  return matches.length ? sql`(e.profile_id is null and (${sql.join(matches, sql` or `)}))` : sql`false`;
}

export interface SubjectExport {
  format: string;
  generatedAt: string;
  profiles: Row[];
  goldenAttributes: Row[];
  /** Values a steward or a rectification set over what the sources say, with who, when and why. */
  goldenOverrides: Row[];
  sourceRecords: Row[];
  interactions: Row[];
  consent: { events: Row[]; current: Row[] };
  relationships: Row[];
  purposes: Row[];
}

/** The access export: golden values with provenance, source records with every version, timeline, consent, links. */
export async function buildSubjectExport(
  db: Database,
  profileIds: readonly string[],
  recordIds: readonly string[],
  subject: Pick<StandardSubject, "email" | "phone">,
): Promise<SubjectExport> {
  const [
    profiles,
    goldenAttributes,
    goldenOverrides,
    records,
    versions,
    interactions,
    events,
    current,
    relationships,
  ] = await Promise.all([
    queryRows(
      db,
      sql`select id, status, display_name as "displayName", created_at as "createdAt", updated_at as "updatedAt"
      from profiles where id = any(${ids(profileIds)}) order by id`,
    ),
    queryRows(
      db,
      sql`select g.profile_id as "profileId", g.attribute, g.value, g.rule, g.decided_at as "decidedAt",
        g.source_record_id as "sourceRecordId", s.name as "sourceName", r.external_id as "sourceExternalId"
      from golden_attributes g
      left join source_records r on r.id = g.source_record_id
      left join sources s on s.id = r.source_id
      where g.profile_id = any(${ids(profileIds)}) order by g.profile_id, g.attribute`,
    ),
    queryRows(
      db,
      sql`select o.profile_id as "profileId", o.attribute, o.value, o.note, o.origin, o.set_by as "setBy", o.set_at as "setAt"
      from golden_overrides o where o.profile_id = any(${ids(profileIds)}) order by o.profile_id, o.attribute`,
    ),
    queryRows(
      db,
      sql`select r.id, s.name as "sourceName", s.kind as "sourceKind", r.external_id as "externalId",
        r.current_version as "currentVersion", r.first_seen_at as "firstSeenAt", r.updated_at as "updatedAt",
        r.profile_id as "profileId", r.raw, r.standardized
      from source_records r join sources s on s.id = r.source_id
      where r.id = any(${ids(recordIds)}) order by s.name, r.external_id`,
    ),
    queryRows(
      db,
      sql`select v.record_id as "recordId", v.version, v.raw, v.recorded_at as "recordedAt", v.import_batch_id as "importBatchId"
      from source_record_versions v where v.record_id = any(${ids(recordIds)}) order by v.record_id, v.version`,
    ),
    queryRows(
      db,
      sql`select i.id, i.profile_id as "profileId", s.name as "sourceName", i.external_id as "externalId", i.channel,
        i.type, i.occurred_at as "occurredAt", i.amount, i.currency, i.properties
      from interactions i join sources s on s.id = i.source_id
      where i.profile_id = any(${ids(profileIds)}) or i.source_record_id = any(${ids(recordIds)})
      order by i.occurred_at, i.id`,
    ),
    queryRows(
      db,
      sql`select e.id, e.profile_id as "profileId", p.key as "purpose", e.channel, e.status, n.notice_key as "notice",
        n.version as "noticeVersion", e.method, e.origin, e.user_agent as "userAgent", e.captured_at as "capturedAt",
        e.effective_at as "effectiveAt", e.expires_at as "expiresAt", e.actor_label as "recordedBy", e.subject_identities as "identities"
      from consent_events e join consent_purposes p on p.id = e.purpose_id left join consent_notices n on n.id = e.notice_id
      where e.profile_id = any(${ids(profileIds)}) or ${unattributedConsentOf(subject)}
      order by e.effective_at, e.id`,
    ),
    queryRows(
      db,
      sql`select c.profile_id as "profileId", p.key as "purpose", c.channel, ${effectiveStatus("c")} as status, c.expires_at as "expiresAt",
        c.updated_at as "updatedAt"
      from consent_state c join consent_purposes p on p.id = c.purpose_id
      where c.profile_id = any(${ids(profileIds)}) order by p.key, c.channel`,
    ),
    queryRows(
      db,
      sql`select id, kind, from_profile_id as "fromProfileId", to_profile_id as "toProfileId",
        account_name as "accountName", properties, created_at as "createdAt"
      from relationships where from_profile_id = any(${ids(profileIds)}) or to_profile_id = any(${ids(profileIds)}) order by created_at, id`,
    ),
  ]);
  const versionsByRecord = new Map<string, Row[]>();
  for (const version of versions) {
    const list = versionsByRecord.get(String(version.recordId)) ?? [];
    list.push(version);
    versionsByRecord.set(String(version.recordId), list);
  }
  const purposeKeys = [...new Set([...events, ...current].map((row) => String(row.purpose)))];
  // Every purpose the subject's data serves: those they were asked about, plus those relying on another legal basis.
  const purposes = await queryRows(
    db,
    sql`select key, name, description, channel, legal_basis as "legalBasis" from consent_purposes
        where key = any(${pgTextArray(purposeKeys)}::text[]) or legal_basis <> 'consent' order by key`,
  );
  return {
    format: SUBJECT_EXPORT_FORMAT,
    generatedAt: new Date().toISOString(),
    profiles,
    goldenAttributes,
    goldenOverrides,
    sourceRecords: records.map((record) => ({
      ...record,
      versions: versionsByRecord.get(String(record.id)) ?? [],
    })),
    interactions,
    consent: { events, current },
    relationships,
    purposes,
  };
}

export interface PortabilityExport {
  format: string;
  generatedAt: string;
  /** The rows as each source received them from the subject. */
  records: { source: string; externalId: string; updatedAt: unknown; data: Row }[];
  /** What they did: purchases, tickets, visits. */
  interactions: Row[];
  /** The consent choices they made. */
  consent: Row[];
}

/** The data the subject provided (Art. 20): what they gave each source, their activity and their choices. */
export function portabilityExportOf(full: SubjectExport): PortabilityExport {
  return {
    format: PORTABILITY_FORMAT,
    generatedAt: full.generatedAt,
    records: full.sourceRecords.map((r) => ({
      source: String(r.sourceName),
      externalId: String(r.externalId),
      updatedAt: r.updatedAt,
      data: (r.raw ?? {}) as Row,
    })),
    interactions: full.interactions.map(({ id: _id, profileId: _profile, ...rest }) => rest),
    consent: full.consent.events.map((e) => ({
      purpose: e.purpose,
      channel: e.channel,
      status: e.status,
      notice: e.notice,
      noticeVersion: e.noticeVersion,
      method: e.method,
      capturedAt: e.capturedAt,
    })),
  };
}

/**
 * One row per source record: source, id, then every field any of them carries. The fields are the sources' own
 * columns, of unknown meaning: numeric, so amounts and phone numbers stay usable (a formula is still guarded).
 */
export function portabilityCsv(data: PortabilityExport): string {
  const fields = [...new Set(data.records.flatMap((r) => Object.keys(r.data)))].sort();
  const columns = ["source", "external_id", ...fields.map((name) => ({ name, kind: "numeric" as const }))];
  return writeCsv(
    columns,
    data.records.map((record) => [record.source, record.externalId, ...fields.map((f) => record.data[f])]),
  );
}
