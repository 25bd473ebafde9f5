// Who a privacy request is about: the identities as given, standardized like an import, a keyed key for duplicate
// detection, and the golden profile they exactly match.
import { createHmac } from "node:crypto";
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import type { PrivacySubject } from "@c360/db/schema";
import { standardizeRecord } from "@c360/matching/standardize/record";
import { sql } from "drizzle-orm";
import type { SuppressionKey } from "../ingest/identity-hash";
import { pgTextArray } from "@c360/db/bulk";
import type { PrivacySubjectValues } from "./privacy-schemas";

export interface StandardSubject {
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  dob: string | null;
  sourceName: string | null;
  externalId: string | null;
}

/** The subject as the matching engine spells people: lower-case canonical email, E.164 phone, folded names. */
export function standardizeSubject(subject: PrivacySubject): StandardSubject {
  const standard = standardizeRecord({
    record_id: "subject",
    email: subject.email ?? undefined,
    phone: subject.phone ?? undefined,
    full_name: typeof subject.name === "string" ? subject.name : undefined,
    dob: typeof subject.dob === "string" ? subject.dob : undefined,
  });
  return {
    email: standard.email,
    phone: standard.phone,
    firstName: standard.firstName,
    lastName: standard.lastName,
    dob: standard.dob,
    sourceName: typeof subject.sourceName === "string" ? subject.sourceName.toLowerCase() : null,
    externalId: typeof subject.externalId === "string" ? subject.externalId : null,
  };
}

/** The subject as stored on the request: only what was given. */
export function subjectOf(values: PrivacySubjectValues): PrivacySubject {
  const subject: PrivacySubject = {};
  for (const [key, value] of Object.entries(values)) if (value) subject[key] = value;
  return subject;
}

/** Keyed hash of the standardized identities: equal for "Bob@Gmail.com" and "bob@gmail.com", and not reversible. */
export function subjectKeyOf(subject: PrivacySubject, key: SuppressionKey): string {
  const s = standardizeSubject(subject);
  const canonical = JSON.stringify([
    s.email,
    s.phone,
    s.firstName,
    s.lastName,
    s.dob,
    s.sourceName,
    s.externalId,
  ]);
  return `v1:${createHmac("sha256", key.secret).update(`c360-privacy-subject\u0000${canonical}`, "utf8").digest("hex")}`;
}

/** Follows merged profiles to the active one they were merged into. */
export async function survivingProfileId(db: Database, profileId: string): Promise<string | null> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with recursive chain(id, merged_into_id, depth) as (
          select id, merged_into_id, 0 from profiles where id = ${profileId}::uuid
          union all
          select p.id, p.merged_into_id, c.depth + 1 from profiles p join chain c on p.id = c.merged_into_id where c.depth < 50)
        select id from chain where merged_into_id is null limit 1`,
  );
  return rows[0]?.id ?? null;
}

/**
 * The active profiles whose member records hold exactly one of the subject's identities (standardized email,
 * E.164 phone, source + external id; first + last name + date of birth together). Exact on purpose: a privacy
 * request must never act on a look-alike. A name alone is not enough to match.
 */
export async function findSubjectProfiles(db: Database, subject: PrivacySubject): Promise<string[]> {
  const s = standardizeSubject(subject);
  const conditions = [];
  if (s.email) conditions.push(sql`r.standardized->>'email' = ${s.email}`);
  if (s.phone) conditions.push(sql`r.standardized->>'phone' = ${s.phone}`);
  if (s.externalId && s.sourceName)
    conditions.push(sql`(lower(src.name) = ${s.sourceName} and r.external_id = ${s.externalId})`);
  if (s.firstName && s.lastName && s.dob)
    conditions.push(
      sql`(r.standardized->>'firstName' = ${s.firstName} and r.standardized->>'lastName' = ${s.lastName} and r.standardized->>'dob' = ${s.dob})`,
    );
  if (conditions.length === 0) return [];
  const rows = await queryRows<{ profile_id: string }>(
    db,
    sql`select distinct r.profile_id from source_records r join sources src on src.id = r.source_id
        where r.status = 'active' and r.profile_id is not null and (${sql.join(conditions, sql` or `)})`,
  );
  const active = new Set<string>();
  for (const row of rows) {
    const id = await survivingProfileId(db, row.profile_id);
    if (id) active.add(id);
  }
  return [...active].sort();
}

/** The profile and every profile merged into it, at any depth: all of them hold the subject's history. */
export async function profileFamily(db: Database, profileId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with recursive family(id, depth) as (
          select id, 0 from profiles where id = ${profileId}::uuid
          union
          select p.id, f.depth + 1 from profiles p join family f on p.merged_into_id = f.id where f.depth < 50)
        select distinct id from family`,
  );
  return rows.map((r) => r.id).sort();
}

/** Records of the given profiles plus unresolved records carrying the subject's exact identities. */
export async function subjectRecordIds(
  db: Database,
  profileIds: readonly string[],
  subject: PrivacySubject,
): Promise<string[]> {
  const s = standardizeSubject(subject);
  const orphan = [];
  if (s.email) orphan.push(sql`r.standardized->>'email' = ${s.email}`);
  if (s.phone) orphan.push(sql`r.standardized->>'phone' = ${s.phone}`);
  if (s.externalId && s.sourceName)
    orphan.push(sql`(lower(src.name) = ${s.sourceName} and r.external_id = ${s.externalId})`);
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select r.id from source_records r join sources src on src.id = r.source_id
        where r.profile_id = any(${pgTextArray([...profileIds])}::uuid[])
           or r.id in (select m.record_id from profile_members m where m.profile_id = any(${pgTextArray([...profileIds])}::uuid[]))
           ${orphan.length ? sql`or (r.profile_id is null and (${sql.join(orphan, sql` or `)}))` : sql``}`,
  );
  return [...new Set(rows.map((r) => r.id))].sort();
}
