// What "has consent" means wherever c360 uses personal data for a purpose: every current decision that covers the
// channel must be a 'given' that has not passed its expiry. Two decisions cover a channel: the one recorded for
// that channel and the purpose-wide one (channel ''). A purpose-wide no (a Global Privacy Control refusal, a
// withdrawal "from everything") therefore holds over an earlier yes for one channel, and a merge that brings a
// channel yes and a purpose-wide no together keeps the no, as the merge rule (anything but given beats given) wants.
import { sql, type SQL } from "drizzle-orm";

/** A consent_state row's status as of now: a consent past its expiry reads as expired. */
export function effectiveStatus(alias: string): SQL {
  const a = sql.raw(alias);
  return sql`(case when ${a}.status = 'given' and ${a}.expires_at is not null and ${a}.expires_at <= now() then 'expired' else ${a}.status::text end)`;
}

/**
 * A boolean SQL expression: the profile (an id expression) has current consent for the purpose and channel, i.e.
 * at least one state covers the channel (its own or the purpose-wide '') and every one that does is given and
 * unexpired. For channel '' only the purpose-wide state counts: a yes for one channel is not a yes for all.
 */
export function hasCurrentConsent(profileId: SQL, purposeId: string, channel: string): SQL {
  return hasCurrentConsentAt(profileId, sql`${purposeId}::uuid`, sql`${channel}`);
}

/** The same test with the purpose and channel as SQL expressions (a column per row, as triggers need). */
export function hasCurrentConsentAt(profileId: SQL, purposeId: SQL, channel: SQL): SQL {
  return sql`coalesce(
    (select bool_and(${effectiveStatus("cs")} = 'given') from consent_state cs
      where cs.profile_id = ${profileId} and cs.purpose_id = ${purposeId} and cs.channel in (${channel}, '')),
    false)`;
}
