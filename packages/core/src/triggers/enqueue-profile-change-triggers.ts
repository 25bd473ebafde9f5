// Profile-change conditions (decision 2201): consent given or withdrawn, a steward's merge, a golden value changed.
// Each is fired by the code that makes the change, inside its transaction, through the same outbox insert as event
// triggers (consent for the action's purpose and the cap decided there): the firing commits or rolls back with the
// change. Consent: applyEventToState (every ledger path ends there). Merge: recordMergeEvent. Golden values:
// goldenWriteStatement, as parts of its one statement (attributeFiringParts).
import { queryRows, type Database } from "@c360/db/client";
import { sql, type SQL } from "drizzle-orm";
import {
  firingOf,
  firingsInsertStatement,
  loadEnabledTriggers,
  writeFirings,
} from "./enqueue-triggered-actions";
import type { TriggerCondition } from "./trigger-schemas";

/** A consent state's status as it read just before and just after the change ('expired' for a lapsed given). */
export type ConsentStateStatus = "given" | "refused" | "withdrawn" | "expired";

export interface ConsentChange {
  profileId: string;
  purposeKey: string;
  channel: string;
  /** The state before this event (null: there was no decision for this purpose and channel). */
  before: ConsentStateStatus | null;
  after: ConsentStateStatus;
  /** The ledger event now current (null for a state that never had one). */
  consentEventId: number | null;
  /** ledger: an event was recorded or attributed; merge: the profile took over an absorbed profile's decision. */
  via: "ledger" | "merge";
}

/** A state's status as of now: a given past its expiry reads as expired (as consent-gate.ts says it). */
export function effectiveConsentStatus(
  status: ConsentStateStatus,
  expiresAt: Date | null,
): ConsentStateStatus {
  return status === "given" && expiresAt !== null && expiresAt.getTime() <= Date.now() ? "expired" : status;
}

/**
 * Whether a change of one consent state meets a consent condition. Given: the state became given from anything else
 * (no decision, a refusal, a withdrawal, an expiry). Withdrawn: a given state became withdrawn or refused. A
 * renewal (given again) or a second refusal is no change.
 */
export function matchesConsentChange(
  condition: TriggerCondition,
  change: Pick<ConsentChange, "purposeKey" | "channel" | "before" | "after">,
): boolean {
  if (condition.kind !== "consent") return false;
  if (condition.purpose !== change.purposeKey) return false;
  if (condition.channel !== undefined && condition.channel !== change.channel) return false;
  if (condition.change === "given") return change.after === "given" && change.before !== "given";
  return change.before === "given" && (change.after === "withdrawn" || change.after === "refused");
}

/**
 * Called in the transaction that changed consent states: applyEventToState (every ledger path: recorded, imported,
 * from events, GPC, attributed later) and moveConsent (a merge, by a steward or a full resolution run). One small
 * query when no consent trigger is enabled. Returns how many firings were written.
 */
export async function enqueueConsentChangeTriggers(
  tx: Database,
  changes: readonly (Omit<ConsentChange, "purposeKey"> & { purposeId: string })[],
): Promise<number> {
  const changed = changes.filter((c) => c.before !== c.after);
  if (changed.length === 0) return 0;
  const triggers = await loadEnabledTriggers(tx, "consent");
  if (triggers.length === 0) return 0;
  const purposes = new Map(
    (
      await queryRows<{ id: string; key: string }>(
        tx,
        sql`select id::text, key from consent_purposes
            where id in (select jsonb_array_elements_text(${JSON.stringify([...new Set(changed.map((c) => c.purposeId))])}::jsonb)::uuid)`,
      )
    ).map((p) => [p.id, p.key]),
  );
  const firings = changed.flatMap((change) => {
    const purposeKey = purposes.get(change.purposeId);
    if (!purposeKey) return [];
    return triggers
      .filter((t) => matchesConsentChange(t.definition.condition, { ...change, purposeKey }))
      .map((t) => ({ t, change, purposeKey }));
  });
  return writeFirings(
    tx,
    null,
    firings.map(({ t, change, purposeKey }, n) =>
      firingOf(n, t, change.profileId, null, {
        change: {
          kind: "consent",
          purpose: purposeKey,
          channel: change.channel,
          from: change.before,
          to: change.after,
          consentEventId: change.consentEventId,
          via: change.via,
        },
      }),
    ),
  );
}

/**
 * Called by recordMergeEvent for a steward's merge (in its transaction, after the survivor took over the others'
 * records and consent): fires for the surviving profile.
 */
export async function enqueueMergeTriggers(
  tx: Database,
  merge: { survivorId: string; mergedProfileIds: readonly string[]; mergeEventId: string; reason: string },
): Promise<number> {
  const triggers = await loadEnabledTriggers(tx, "merge");
  return writeFirings(
    tx,
    null,
    triggers.map((t, n) =>
      firingOf(n, t, merge.survivorId, null, {
        change: {
          kind: "merge",
          mergeEventId: merge.mergeEventId,
          mergedProfileIds: [...merge.mergedProfileIds],
          reason: merge.reason,
        },
      }),
    ),
  );
}

/**
 * The parts goldenWriteStatement adds to its WITH so that a changed golden value fires the attribute triggers
 * watching it in the same statement. `profileIds` is the uuid[] of the profiles being refreshed and `golden` the
 * name of its CTE of new rows (profile_id, attribute, value). All parts of one statement read the same snapshot, so
 * `trigger_golden_before` sees the values as they were before this statement's upsert and delete. When no attribute
 * trigger is enabled the before-read is skipped (a one-time filter), and nothing is written.
 * A profile that had no golden value before (it was just created) fires nothing: it appeared, it did not change;
 * nor does one no longer active (absorbed by a merge, erased), whose values go with it.
 */
export function attributeFiringParts(profileIds: SQL, golden: string): SQL[] {
  const g = sql.raw(golden);
  return [
    sql`trigger_attr as (select id, key, version, definition from triggers
      where enabled and definition -> 'condition' ->> 'kind' = 'attribute')`,
    sql`trigger_golden_before as (select b.profile_id, b.attribute, b.value from golden_attributes b
      where b.profile_id = any(${profileIds}) and exists (select 1 from trigger_attr))`,
    sql`trigger_golden_changed as (
      select coalesce(x.profile_id, b.profile_id) as profile_id, coalesce(x.attribute, b.attribute) as attribute,
        b.value as before, x.value as after
      from (select profile_id, attribute, value from ${g} where exists (select 1 from trigger_attr)) x
      full join trigger_golden_before b on b.profile_id = x.profile_id and b.attribute = x.attribute
      where b.value is distinct from x.value
        and exists (select 1 from trigger_golden_before p where p.profile_id = coalesce(x.profile_id, b.profile_id))
        and exists (select 1 from profiles a where a.id = coalesce(x.profile_id, b.profile_id) and a.status = 'active'))`,
    sql`trigger_attr_fired as (${firingsInsertStatement(
      sql`select (row_number() over (order by c.profile_id, t.id))::int as n, t.id as trigger_id, t.version,
          c.profile_id, null::text as message_id, t.definition -> 'consent' ->> 'purpose' as purpose,
          coalesce(t.definition -> 'consent' ->> 'channel', '') as channel,
          (t.definition -> 'cap' ->> 'max')::int as cap_max, (t.definition -> 'cap' ->> 'perHours')::int as cap_hours,
          jsonb_build_object('trigger', jsonb_build_object('key', t.key, 'version', t.version),
            'profileId', c.profile_id,
            'change', jsonb_build_object('kind', 'attribute', 'attributes',
              jsonb_agg(jsonb_build_object('attribute', c.attribute, 'before', c.before, 'after', c.after)
                order by c.attribute))) as payload
        from trigger_golden_changed c
        join trigger_attr t on (t.definition -> 'condition' -> 'attributes') @> to_jsonb(c.attribute)
        group by t.id, t.key, t.version, t.definition, c.profile_id`,
      null,
    )})`,
  ];
}
