// What "has consent" means wherever c360 uses personal data for a purpose: the current state for the exact channel
// decides, else the purpose-wide ('') state; only 'given' that has not passed its expiry counts.
import { sql, type SQL } from "drizzle-orm";

/** A consent_state row's status as of now: a consent past its expiry reads as expired. */
export function effectiveStatus(alias: string): SQL {
  const a = sql.raw(alias);
  return sql`(case when ${a}.status = 'given' and ${a}.expires_at is not null and ${a}.expires_at <= now() then 'expired' else ${a}.status::text end)`;
}

/** A boolean SQL expression: the profile (an id expression) has current given consent for the purpose and channel. */
export function hasCurrentConsent(profileId: SQL, purposeId: string, channel: string): SQL {
  return sql`coalesce(
    (select ${effectiveStatus("cs")} = 'given' from consent_state cs
      where cs.profile_id = ${profileId} and cs.purpose_id = ${purposeId}::uuid and cs.channel = ${channel}),
    (select ${effectiveStatus("cs")} = 'given' from consent_state cs
      where cs.profile_id = ${profileId} and cs.purpose_id = ${purposeId}::uuid and cs.channel = ''),
    false)`;
}
