// Rectification (GDPR Art. 16): a corrected value is written into the subject's source records as a new version
// (the old one stays in source_record_versions, the audit trail of what changed) and kept as an override of the
// golden value (origin "rectification"), then the golden profile is re-derived. The override is what makes the
// correction last: a source re-sending its old row rewrites the record, but no longer the golden value.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import type { RecordPayload } from "@c360/db/schema";
import { goldenOverrides, profiles, sourceRecords, sourceRecordVersions } from "@c360/db/schema";
import { standardizeRecord } from "@c360/matching/standardize/record";
import { and, eq, sql } from "drizzle-orm";
import { type z } from "zod";
import { systemActor, type Actor } from "../actor";
import { AppError } from "../errors";
import { contentHashOf } from "../ingest/content-hash";
import { createRowMapper, mapRow } from "../ingest/map-row";
import { refreshGoldenAttributes } from "../profiles/refresh-golden-attributes";
import { writeStewardOverride } from "../profiles/set-steward-override";
import { pgTextArray } from "@c360/db/bulk";
import type { rectificationChange } from "./privacy-schemas";

type Change = z.output<typeof rectificationChange>;

interface MemberRow extends Record<string, unknown> {
  id: string;
  external_id: string;
  current_version: number;
  raw: RecordPayload;
  source_name: string;
  field_mapping: Record<string, string>;
}

/** The raw column a source uses for a canonical field: its mapping's column, else the field's own name. */
function columnFor(field: string, mapping: Record<string, string>): string {
  return Object.entries(mapping).find(([, target]) => target === field)?.[0] ?? field;
}

function holds(raw: RecordPayload, column: string): boolean {
  const value = raw[column];
  return value !== null && value !== undefined && String(value).trim() !== "";
}

export interface RectificationResult {
  profileId: string;
  changes: { field: string; records: number }[];
}

export interface RectifiedBy {
  actor: Actor;
  /** The privacy request, named in the override's note. */
  requestId?: string;
}

export async function rectifySubject(
  tx: Database,
  profileIds: readonly string[],
  changes: readonly Change[],
  by: RectifiedBy = { actor: systemActor("privacy") },
): Promise<RectificationResult> {
  const profileId = profileIds[0];
  if (!profileId)
    throw new AppError("PRECONDITION_FAILED", "Link the request to the subject's profile before rectifying.");
  if (changes.length === 0)
    throw new AppError("BAD_REQUEST", "Say what to correct: at least one field and its corrected value.");
  const members = await queryRows<MemberRow>(
    tx,
    sql`select r.id, r.external_id, r.current_version, r.raw, s.name as source_name, s.field_mapping
        from profile_members m join source_records r on r.id = m.record_id join sources s on s.id = r.source_id
        where m.profile_id = any(${pgTextArray([...profileIds])}::uuid[]) order by r.id for update of r`,
  );
  const working = new Map(members.map((m) => [m.id, { ...m, raw: { ...m.raw } }]));
  const changed = new Set<string>();
  const summary: RectificationResult["changes"] = [];
  for (const change of changes) {
    const candidates = change.recordIds
      ? change.recordIds.map((id) => working.get(id))
      : [...working.values()];
    if (candidates.some((c) => !c))
      throw new AppError("BAD_REQUEST", "A record to rectify is not a member of the subject's profile.");
    const all = candidates as MemberRow[];
    // Every record that holds the field gets the correction, so survivorship cannot pick the old value again;
    // when none holds it, the first record is given it.
    let targets = all.filter((m) => holds(m.raw, columnFor(change.field, m.field_mapping)));
    if (targets.length === 0) targets = all.slice(0, 1);
    if (targets.length === 0)
      throw new AppError("PRECONDITION_FAILED", "The subject's profile has no source records to rectify.");
    for (const record of targets) {
      record.raw[columnFor(change.field, record.field_mapping)] = change.value;
      changed.add(record.id);
    }
    summary.push({ field: change.field, records: targets.length });
  }
  for (const id of changed) {
    const record = working.get(id)!;
    const mapped = mapRow(record.raw, createRowMapper(record.field_mapping), record.source_name);
    if (!mapped.ok)
      throw new AppError("BAD_REQUEST", `The corrected record cannot be read: ${mapped.reason}`);
    const standardized = standardizeRecord(mapped.input) as unknown as RecordPayload;
    const contentHash = contentHashOf(record.raw);
    const version = record.current_version + 1;
    await tx
      .insert(sourceRecordVersions)
      .values({ recordId: id, version, contentHash, raw: record.raw, standardized });
    await tx
      .update(sourceRecords)
      .set({ raw: record.raw, standardized, contentHash, currentVersion: version })
      .where(eq(sourceRecords.id, id));
  }
  const note = by.requestId
    ? `Rectified on privacy request ${by.requestId}`
    : "Rectified on a privacy request";
  for (const change of changes) {
    // A correction to nothing (the field removed) leaves survivorship to the records, which no longer hold it.
    if (change.value === "") {
      await tx
        .delete(goldenOverrides)
        .where(and(eq(goldenOverrides.profileId, profileId), eq(goldenOverrides.attribute, change.field)));
    } else {
      await writeStewardOverride(tx, by.actor, {
        profileId,
        attribute: change.field,
        value: change.value,
        note,
        origin: "rectification",
      });
    }
  }
  // The notification goes with the golden write; PostgreSQL delivers it at commit, after the version bump.
  await refreshGoldenAttributes(tx, [profileId], { notify: true });
  await tx
    .update(profiles)
    .set({ version: sql`${profiles.version} + 1` })
    .where(eq(profiles.id, profileId));
  return { profileId, changes: summary };
}
