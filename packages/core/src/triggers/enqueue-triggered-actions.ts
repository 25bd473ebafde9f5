// The ingest hook (decision 2201): inside the transaction that stores events, each enabled trigger whose condition an
// attributed event meets writes one outbox row (trigger_deliveries) — pending, or skipped with its reason when the
// person has no current consent for the action's purpose or the trigger's cap is reached. The rows commit or roll
// back with the events; the delivery relay (trigger-delivery-runner.ts) picks them up within its short poll.
import { queryRows, type Database } from "@c360/db/client";
import { sql, type SQL } from "drizzle-orm";
import { hasCurrentConsentAt } from "../consent/consent-gate";
import { matchesEventCondition } from "./match-event-condition";
import type { TriggerCondition, TriggerDefinition } from "./trigger-schemas";

/** How long a delivery is retried before it becomes a dead letter. */
export const DELIVERY_WINDOW_HOURS = 24;

export interface TriggerableEvent {
  messageId: string;
  type: string;
  event: string | null;
  properties: Record<string, unknown> | null;
  occurredAt: Date;
  profileId: string | null;
}

export interface EnabledTrigger {
  id: string;
  key: string;
  version: number;
  definition: Omit<TriggerDefinition, "key" | "name" | "enabled">;
}

/** The enabled triggers, or only those whose condition is of one kind (a profile change loads just its own). */
export async function loadEnabledTriggers(
  db: Database,
  conditionKind?: TriggerCondition["kind"],
): Promise<EnabledTrigger[]> {
  const rows = await queryRows<{ id: string; key: string; version: number; definition: unknown }>(
    db,
    conditionKind
      ? sql`select id, key, version, definition from triggers
          where enabled and definition -> 'condition' ->> 'kind' = ${conditionKind}`
      : sql`select id, key, version, definition from triggers where enabled`,
  );
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    version: Number(r.version),
    definition: (typeof r.definition === "string"
      ? JSON.parse(r.definition)
      : r.definition) as EnabledTrigger["definition"],
  }));
}

/**
 * The hook ingestEvents calls with the events it stored in this transaction (acceptedEventsOf): events waiting for
 * their person fire nothing. Returns how many firings were written.
 */
export async function enqueueTriggeredActions(
  tx: Database,
  sourceId: string,
  events: readonly TriggerableEvent[],
): Promise<number> {
  const activity = events.filter(
    (e) => e.profileId && (e.type === "track" || e.type === "page" || e.type === "screen"),
  );
  if (activity.length === 0) return 0;
  const triggers = await loadEnabledTriggers(tx, "event");
  if (triggers.length === 0) return 0;
  const matches: Firing[] = [];
  for (const e of activity)
    for (const t of triggers) {
      if (!matchesEventCondition(t.definition.condition, e)) continue;
      matches.push(
        firingOf(matches.length, t, e.profileId!, e.messageId, {
          event: {
            messageId: e.messageId,
            type: e.type,
            event: e.event,
            timestamp: e.occurredAt.toISOString(),
            properties: e.properties ?? {},
          },
        }),
      );
    }
  return writeFirings(tx, sourceId, matches);
}

/** One firing of a trigger for a person, as the outbox insert takes it. */
export interface Firing {
  n: number;
  trigger_id: string;
  version: number;
  profile_id: string | null;
  message_id: string | null;
  purpose: string;
  channel: string;
  cap_max: number | null;
  cap_hours: number | null;
  payload: Record<string, unknown>;
}

export function firingOf(
  n: number,
  t: EnabledTrigger,
  profileId: string,
  messageId: string | null,
  payload: Record<string, unknown>,
): Firing {
  return {
    n,
    trigger_id: t.id,
    version: t.version,
    profile_id: profileId,
    message_id: messageId,
    purpose: t.definition.consent.purpose,
    channel: t.definition.consent.channel ?? "",
    cap_max: t.definition.cap?.max ?? null,
    cap_hours: t.definition.cap?.perHours ?? null,
    payload: { trigger: { key: t.key, version: t.version }, profileId, ...payload },
  };
}

/** The columns a query of firings gives firingsInsertStatement (as Firing names them). */
export const FIRING_COLUMNS =
  "n int, trigger_id uuid, version int, profile_id uuid, message_id text, purpose text, channel text, cap_max int, cap_hours int, payload jsonb";

/**
 * The one outbox insert (decision 2201) over a query of firings (columns as FIRING_COLUMNS): each row pending, or
 * skipped with its reason (no current consent for the purpose; over the cap, counting earlier firings and those
 * before it in this query, by n). A statement of its own, or a part of a larger one (the golden write's WITH);
 * `returning` names what it returns, if anything.
 */
export function firingsInsertStatement(firings: SQL, sourceId: string | null, returning?: SQL): SQL {
  const consented = hasCurrentConsentAt(
    sql`m.profile_id`,
    sql`p.id`,
    sql`coalesce(nullif(m.channel, ''), p.channel, '')`,
  );
  return sql`with m as (${firings}), judged as (
        select m.*, ${consented} as consented from m left join consent_purposes p on p.key = m.purpose
      ), ranked as (
        select j.*, row_number() over (partition by j.trigger_id, j.profile_id, j.consented order by j.n) as k,
          case when j.cap_max is null or not j.consented then 0 else (
            select count(*) from trigger_deliveries d
            where d.trigger_id = j.trigger_id and d.profile_id = j.profile_id and d.status <> 'skipped'
              and d.created_at > now() - make_interval(hours => j.cap_hours)) end as prior
        from judged j
      )
      insert into trigger_deliveries (trigger_id, trigger_version, profile_id, source_id, message_id, status,
        skip_reason, payload, deadline_at)
      select trigger_id, version, profile_id, ${sourceId}::uuid, message_id,
        (case when not consented or (cap_max is not null and prior + k > cap_max) then 'skipped' else 'pending' end)::trigger_delivery_status,
        (case when not consented then 'no_consent' when cap_max is not null and prior + k > cap_max then 'capped' end)::trigger_skip_reason,
        payload, now() + make_interval(hours => ${DELIVERY_WINDOW_HOURS})
      from ranked order by n${returning ? sql` returning ${returning}` : sql``}`;
}

/** Writes firings to the outbox in one statement (firingsInsertStatement). Returns how many were written. */
export async function writeFirings(
  tx: Database,
  sourceId: string | null,
  matches: readonly Firing[],
): Promise<number> {
  if (matches.length === 0) return 0;
  const rows = await queryRows<{ n: number }>(
    tx,
    firingsInsertStatement(
      sql`select * from json_to_recordset(${JSON.stringify(matches)}::json) as x(${sql.raw(FIRING_COLUMNS)})`,
      sourceId,
      sql`1 as n`,
    ),
  );
  return rows.length;
}
