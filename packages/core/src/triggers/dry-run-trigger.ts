// "Would have fired N times in the last 7 days, for these profiles": the definition (saved or not) replayed over
// the stored events of the window with the same matcher the ingest hook uses, and the consent it would need checked
// as of now. Nothing is written; only counts and profile ids leave.
import { queryRows, type Database } from "@c360/db/client";
import { sql } from "drizzle-orm";
import { assertActorCan, type Actor } from "../actor";
import { hasCurrentConsentAt } from "../consent/consent-gate";
import { parseInput } from "../parse-input";
import { matchesEventCondition } from "./match-event-condition";
import { dryRunTriggerInputSchema, type TriggerDefinitionInput } from "./trigger-schemas";

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
  /** Events of that name scanned (at most 200,000, newest first). */
  scanned: number;
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
  const perProfile = new Map<string, number[]>();
  let scanned = 0;
  if (condition.kind === "absence") {
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
    scanned = lapsed.length;
    for (const r of lapsed) perProfile.set(r.profile_id, [new Date(r.lapsed_at).getTime()]);
  } else {
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
    scanned = rows.length;
    for (const r of rows) {
      const properties = (
        typeof r.properties === "string" ? JSON.parse(r.properties) : r.properties
      ) as Record<string, unknown> | null;
      if (!matchesEventCondition(condition, { event: r.event, properties })) continue;
      const times = perProfile.get(r.profile_id) ?? [];
      times.push(new Date(r.occurred_at).getTime());
      perProfile.set(r.profile_id, times);
    }
  }
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
  };
}
