// "Would have fired N times in the last 7 days, for these profiles": the definition (saved or not) replayed over
// the history of the window with the same matchers the hooks use (stored events; the consent ledger; merge events;
// for golden values, which keep no history, an estimate), and the consent it would need checked as of now. Nothing
// is written; only counts and profile ids leave.
import { queryRows, type Database } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { assertActorCan, type Actor } from "../actor";
import { hasCurrentConsentAt } from "../consent/consent-gate";
import { parseInput } from "../parse-input";
import { matchesEventCondition } from "./match-event-condition";
import { matchesConsentChange, type ConsentStateStatus } from "./enqueue-profile-change-triggers";
import {
  dryRunTriggerInputSchema,
  type TriggerCondition,
  type TriggerDefinitionInput,
} from "./trigger-schemas";

export interface DryRunResult {
  days: number;
  /** Events the condition matched (attributed to a person). */
  wouldFire: number;
  /** Of those, how many would be skipped for want of consent (as of now) or by the cap. */
  skippedNoConsent: number;
  skippedCapped: number;
  profiles: number;
  /** Up to 20 of the profiles it would have fired for, most firings first. */
  sampleProfiles: { profileId: string; firings: number }[];
  /** Rows scanned (events, ledger events, merges or golden values; at most 200,000, newest first). */
  scanned: number;
  /** What was replayed: the stored events, the consent ledger, the merge events, or the golden values. */
  basis: "events" | "consent ledger" | "merge events" | "golden values";
  /**
   * True when the count is an estimate: golden values keep no history, so an attribute condition counts the profiles
   * whose watched values were last decided in the window (at least a minute after the profile appeared), once each.
   */
  estimate: boolean;
}

const SCAN_LIMIT = 200_000;

export async function dryRunTrigger(
  db: Database,
  actor: Actor,
  input: { definition: TriggerDefinitionInput; days?: number },
): Promise<DryRunResult> {
  assertActorCan(actor, "activation:write");
  const { definition, days } = parseInput(dryRunTriggerInputSchema, input);
  const condition = definition.condition;
  const { perProfile, scanned, basis } = await firingsInWindow(db, condition, days);
  const profileIds = [...perProfile.keys()];
  const consented = new Set<string>();
  for (let i = 0; i < profileIds.length; i += 5000) {
    const chunk = profileIds.slice(i, i + 5000);
    const ok = await queryRows<{ id: string }>(
      db,
      sql`select x.id from (select jsonb_array_elements_text(${JSON.stringify(chunk)}::jsonb)::uuid as id) x
          left join consent_purposes p on p.key = ${definition.consent.purpose}
          where ${hasCurrentConsentAt(sql`x.id`, sql`p.id`, sql`coalesce(nullif(${definition.consent.channel}, ''), p.channel, '')`)}`,
    );
    for (const r of ok) consented.add(r.id);
  }
  let wouldFire = 0;
  let skippedNoConsent = 0;
  let skippedCapped = 0;
  const cap = definition.cap;
  for (const [profileId, times] of perProfile) {
    if (!consented.has(profileId)) {
      skippedNoConsent += times.length;
      continue;
    }
    times.sort((a, b) => a - b);
    const sent: number[] = [];
    for (const t of times) {
      const recent = cap ? sent.filter((s) => s > t - cap.perHours * 3_600_000).length : 0;
      if (cap && recent >= cap.max) skippedCapped++;
      else {
        sent.push(t);
        wouldFire++;
      }
    }
  }
  return {
    days,
    wouldFire,
    skippedNoConsent,
    skippedCapped,
    profiles: [...perProfile.keys()].filter((p) => consented.has(p)).length,
    sampleProfiles: [...perProfile.entries()]
      .filter(([p]) => consented.has(p))
      .map(([profileId, times]) => ({ profileId, firings: times.length }))
      .sort((a, b) => b.firings - a.firings || a.profileId.localeCompare(b.profileId))
      .slice(0, 20),
    scanned,
    basis,
    estimate: basis === "golden values",
  };
}

type Basis = DryRunResult["basis"];

/** When the condition would have fired in the window, per profile (times in ms), and what was read to say so. */
async function firingsInWindow(
  db: Database,
  condition: TriggerCondition,
  days: number,
): Promise<{ perProfile: Map<string, number[]>; scanned: number; basis: Basis }> {
  const perProfile = new Map<string, number[]>();
  const add = (profileId: string, at: string | Date) => {
    const times = perProfile.get(profileId) ?? [];
    times.push(new Date(at).getTime());
    perProfile.set(profileId, times);
  };
  switch (condition.kind) {
    case "absence": {
      // Whose lapse (their latest such event plus the days) fell within the window: once each.
      const lapsed = await queryRows<{ profile_id: string; lapsed_at: string }>(
        db,
        sql`select profile_id, max(occurred_at) + make_interval(days => ${condition.days}) as lapsed_at
            from interactions
            where event = ${condition.event} and profile_id is not null
              and (message_type is null or message_type in ('track', 'page', 'screen'))
            group by profile_id
            having max(occurred_at) + make_interval(days => ${condition.days}) between now() - make_interval(days => ${days}) and now()
            limit ${SCAN_LIMIT}`,
      );
      for (const r of lapsed) add(r.profile_id, r.lapsed_at);
      return { perProfile, scanned: lapsed.length, basis: "events" };
    }
    case "event": {
      const rows = await queryRows<{
        profile_id: string;
        event: string;
        properties: unknown;
        occurred_at: string;
      }>(
        db,
        sql`select profile_id, event, properties, occurred_at from interactions
          where event = ${condition.event} and profile_id is not null
            and occurred_at > now() - make_interval(days => ${days})
            and (message_type is null or message_type in ('track', 'page', 'screen'))
          order by occurred_at desc limit ${SCAN_LIMIT}`,
      );
      for (const r of rows) {
        const properties = (
          typeof r.properties === "string" ? JSON.parse(r.properties) : r.properties
        ) as Record<string, unknown> | null;
        if (matchesEventCondition(condition, { event: r.event, properties }))
          add(r.profile_id, r.occurred_at);
      }
      return { perProfile, scanned: rows.length, basis: "events" };
    }
    case "consent": {
      // Each ledger event recorded in the window against the one before it for the same person, purpose and
      // channel (in effective-time order, as the current state is decided).
      const rows = await queryRows<{
        profile_id: string;
        channel: string;
        status: ConsentStateStatus;
        previous: ConsentStateStatus | null;
        recorded_at: string;
      }>(
        db,
        sql`select profile_id, channel, status, previous, recorded_at from (
              select e.profile_id, e.channel, e.status::text as status, e.recorded_at,
                lag(e.status::text) over (partition by e.profile_id, e.purpose_id, e.channel
                  order by e.effective_at, e.id) as previous
              from consent_events e join consent_purposes p on p.id = e.purpose_id
              where p.key = ${condition.purpose} and e.profile_id is not null
                ${condition.channel === undefined ? sql`` : sql`and e.channel = ${condition.channel}`}) x
            where recorded_at > now() - make_interval(days => ${days})
            order by recorded_at desc limit ${SCAN_LIMIT}`,
      );
      for (const r of rows)
        if (
          matchesConsentChange(condition, {
            purposeKey: condition.purpose,
            channel: r.channel,
            before: r.previous,
            after: r.status,
          })
        )
          add(r.profile_id, r.recorded_at);
      return { perProfile, scanned: rows.length, basis: "consent ledger" };
    }
    case "merge": {
      const rows = await queryRows<{ profile_id: string; created_at: string }>(
        db,
        sql`select profile_ids[1]::text as profile_id, created_at from merge_events
            where kind = 'merge' and cardinality(profile_ids) > 1
              and created_at > now() - make_interval(days => ${days})
            order by created_at desc limit ${SCAN_LIMIT}`,
      );
      for (const r of rows) add(r.profile_id, r.created_at);
      return { perProfile, scanned: rows.length, basis: "merge events" };
    }
    case "attribute": {
      const rows = await queryRows<{ profile_id: string; decided_at: string }>(
        db,
        sql`select g.profile_id::text as profile_id, max(g.decided_at) as decided_at
            from golden_attributes g join profiles p on p.id = g.profile_id and p.status = 'active'
            where g.attribute in (select jsonb_array_elements_text(${JSON.stringify(condition.attributes)}::jsonb))
              and g.decided_at > now() - make_interval(days => ${days})
              and g.decided_at > p.created_at + interval '1 minute'
            group by g.profile_id
            order by 2 desc limit ${SCAN_LIMIT}`,
      );
      for (const r of rows) add(r.profile_id, r.decided_at);
      return { perProfile, scanned: rows.length, basis: "golden values" };
    }
  }
}
