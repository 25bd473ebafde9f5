// Which golden profile a consent subject is: by profile id (following merges), source record ids, then the
// standardized email or phone of the profile's golden values and member records. Ambiguity leaves it unattributed.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import type { SubjectIdentities } from "@c360/db/schema";
import { standardizeEmail } from "@c360/matching/standardize/emails";
import { standardizePhone } from "@c360/matching/standardize/phones";
import { sql } from "drizzle-orm";
import { AppError } from "../errors";
import type { ConsentSubjectInput } from "./consent-schemas";

/** The identities as stored on the event: normalised the way records are (canonical email, E.164 phone). */
export function normaliseSubject(subject: ConsentSubjectInput): SubjectIdentities {
  const identities: SubjectIdentities = {};
  if (subject.profileId) identities.profileId = subject.profileId;
  if (subject.email) {
    const email = standardizeEmail(subject.email);
    if (!email)
      throw new AppError("BAD_REQUEST", `subject.email "${subject.email}" is not an email address.`);
    identities.email = email;
  }
  if (subject.phone) {
    const phone = standardizePhone(subject.phone);
    if (!phone) throw new AppError("BAD_REQUEST", `subject.phone "${subject.phone}" is not a phone number.`);
    identities.phone = phone;
  }
  if (subject.externalIds?.length)
    identities.externalIds = subject.externalIds.map(({ source, id }) => ({ source, id }));
  return identities;
}

/** The active profile a profile id stands for now: itself, or the profile it was merged into. */
export async function activeProfileOf(db: Database, profileId: string): Promise<string | null> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with recursive chain(id, status, merged_into_id, depth) as (
          select id, status, merged_into_id, 0 from profiles where id = ${profileId}::uuid
          union all
          select p.id, p.status, p.merged_into_id, c.depth + 1 from profiles p join chain c on p.id = c.merged_into_id where c.depth < 50
        )
        select id from chain where status = 'active' limit 1`,
  );
  return rows[0]?.id ?? null;
}

async function single(rows: { profile_id: string }[]): Promise<string | null | "ambiguous"> {
  const ids = [...new Set(rows.map((r) => r.profile_id))];
  if (ids.length === 0) return null;
  return ids.length === 1 ? ids[0]! : "ambiguous";
}

/**
 * The profile the identities belong to, or null. The strongest identity that matches decides: a profile id the
 * caller named, then a source record, then email, then phone. Two profiles sharing an email (a household) are
 * not guessed between: the event stays unattributed until a steward or a merge settles it.
 */
export async function attributeSubject(db: Database, identities: SubjectIdentities): Promise<string | null> {
  if (typeof identities.profileId === "string") {
    const active = await activeProfileOf(db, identities.profileId);
    if (!active)
      throw new AppError(
        "BAD_REQUEST",
        `subject.profileId ${identities.profileId} is not a profile (or it was erased).`,
      );
    return active;
  }
  const lookups: (() => Promise<{ profile_id: string }[]>)[] = [];
  if (identities.externalIds?.length) {
    const pairs = JSON.stringify(identities.externalIds);
    lookups.push(() =>
      queryRows(
        db,
        sql`select r.profile_id from source_records r join sources s on s.id = r.source_id
            join jsonb_to_recordset(${pairs}::jsonb) as x(source text, id text) on x.source = s.name and x.id = r.external_id
            join profiles p on p.id = r.profile_id and p.status = 'active'
            where r.status = 'active'`,
      ),
    );
  }
  for (const attribute of ["email", "phone"] as const) {
    const value = identities[attribute];
    if (typeof value !== "string") continue;
    lookups.push(() =>
      queryRows(
        db,
        sql`select g.profile_id from golden_attributes g join profiles p on p.id = g.profile_id and p.status = 'active'
              where g.attribute = ${attribute} and g.value = to_jsonb(${value}::text)
            union
            select r.profile_id from source_records r join profiles p on p.id = r.profile_id and p.status = 'active'
              where r.status = 'active' and r.standardized ->> ${attribute} = ${value}`,
      ),
    );
  }
  for (const lookup of lookups) {
    const found = await single(await lookup());
    if (found === "ambiguous") return null;
    if (found) return found;
  }
  return null;
}
