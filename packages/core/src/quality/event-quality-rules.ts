// Quality rules for behavioural events (issue 19), registered automatically for every source that has received
// events and measured like every other rule (one measured-rows query, counted by the run, listed by the drill-down):
// - freshness: the source's latest event arrived within maxAgeHours (default 24);
// - attribution: the share of its events of the last windowDays (default 7) still unattributed stays below 5 %;
// - property types: no event property took more than one JSON type over the last windowDays (total sent as a number
//   and then as a string breaks sums, segments and exports downstream).
// Both read at most the latest 100,000 events of the window (MAX_MEASURED_EVENTS).
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql, type SQL } from "drizzle-orm";
import type { QualityDimension } from "./quality-fields";
import type { QualityRuleParams } from "./quality-schemas";

export const EVENT_FRESHNESS_FIELD = "event_freshness";
export const EVENT_ATTRIBUTION_FIELD = "event_attribution";
export const EVENT_PROPERTY_TYPES_FIELD = "event_property_types";
export const EVENT_QUALITY_FIELDS = [
  EVENT_FRESHNESS_FIELD,
  EVENT_ATTRIBUTION_FIELD,
  EVENT_PROPERTY_TYPES_FIELD,
] as const;

export const DEFAULT_EVENT_MAX_AGE_HOURS = 24;
export const DEFAULT_EVENT_WINDOW_DAYS = 7;
/**
 * The attribution and property-type rules read at most this many of a source's latest events in the window: a
 * share and the types in use are as plain in the latest 100,000 as in ten million, and a run stays bounded.
 */
export const MAX_MEASURED_EVENTS = 100_000;

export function isEventQualityField(field: string): boolean {
  return (EVENT_QUALITY_FIELDS as readonly string[]).includes(field);
}

export interface EventAutoRule {
  name: string;
  dimension: QualityDimension;
  sourceId: string;
  field: string;
  threshold: number;
}

/** Sources that have received at least one event message (one index probe each: the (source, message id) key). */
export async function eventSources(db: Database): Promise<{ id: string; name: string }[]> {
  return queryRows<{ id: string; name: string }>(
    db,
    sql`select s.id, s.name from sources s
        where exists (select 1 from interactions i where i.source_id = s.id and i.message_type is not null)
        order by s.name`,
  );
}

/** The three rules of each event source, with their thresholds (a score is the share of measured rows passing). */
export function eventAutoRulesFor(sources: readonly { id: string; name: string }[]): EventAutoRule[] {
  return sources.flatMap((source) => [
    {
      name: `${source.name}: events arrive within ${DEFAULT_EVENT_MAX_AGE_HOURS} hours`,
      dimension: "freshness" as const,
      sourceId: source.id,
      field: EVENT_FRESHNESS_FIELD,
      threshold: 1,
    },
    {
      name: `${source.name}: at most 5% of events unattributed`,
      dimension: "completeness" as const,
      sourceId: source.id,
      field: EVENT_ATTRIBUTION_FIELD,
      threshold: 0.95,
    },
    {
      name: `${source.name}: event properties keep their type`,
      dimension: "consistency" as const,
      sourceId: source.id,
      field: EVENT_PROPERTY_TYPES_FIELD,
      threshold: 1,
    },
  ]);
}

const window = (params: QualityRuleParams) =>
  sql`now() - make_interval(days => ${params.windowDays ?? DEFAULT_EVENT_WINDOW_DAYS}::int)`;

/** The source's latest events of the window, newest first by id (the primary key walked backwards), bounded. */
const latestEvents = (source: SQL, params: QualityRuleParams) =>
  sql`(select i.profile_id, i.event, i.type, i.message_type, i.properties, i.unattributed_reason, i.attributed_by from interactions i
       where i.source_id = ${source} and i.message_type is not null and i.recorded_at >= ${window(params)}
       order by i.id desc limit ${MAX_MEASURED_EVENTS})`;

/**
 * Measured rows of an event rule, in the columns every rule has (record_id, profile_id, value, grp, failing). An
 * event has no source record of its own, so record_id is null; value says what failed in words that name no person.
 */
export function eventMeasuredRowsSql(rule: {
  sourceId: string | null;
  field: string;
  params: QualityRuleParams;
}): SQL {
  const source = sql`${rule.sourceId}::uuid`;
  switch (rule.field) {
    case EVENT_FRESHNESS_FIELD: {
      const maxAge = sql`make_interval(hours => ${rule.params.maxAgeHours ?? DEFAULT_EVENT_MAX_AGE_HOURS}::int)`;
      // The newest event by id (ids grow with arrival): found in the first index entries while the source is live.
      return sql`select null::uuid as record_id, null::uuid as profile_id,
          coalesce('last event received ' || to_char(l.recorded_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC', 'no event received') as value,
          null::text as grp, l.recorded_at is null or l.recorded_at < now() - ${maxAge} as failing
        from (select (select i.recorded_at from interactions i where i.source_id = ${source} and i.message_type is not null
                      order by i.id desc limit 1) as recorded_at) l`;
    }
    case EVENT_ATTRIBUTION_FIELD:
      return sql`select null::uuid as record_id, i.profile_id, coalesce(i.unattributed_reason::text, 'attributed by ' || i.attributed_by::text) || ': ' || coalesce(i.event, i.type) as value,
          i.unattributed_reason::text as grp, i.unattributed_reason is not null as failing
        from ${latestEvents(source, rule.params)} i`;
    case EVENT_PROPERTY_TYPES_FIELD:
      return sql`select null::uuid as record_id, null::uuid as profile_id,
          p.event_name || ' ' || p.key || ': ' || string_agg(p.kind || ' x' || p.n, ', ' order by p.n desc, p.kind) as value,
          p.event_name || ' ' || p.key as grp, count(*) > 1 as failing
        from (select coalesce(i.event, i.type) as event_name, k.key, jsonb_typeof(k.value) as kind, count(*) as n
              from ${latestEvents(source, rule.params)} i cross join lateral jsonb_each(i.properties) k
              where i.message_type in ('track', 'page', 'screen') and jsonb_typeof(i.properties) = 'object' and jsonb_typeof(k.value) <> 'null'
              group by 1, 2, 3) p
        group by p.event_name, p.key`;
    default:
      throw new Error(`${rule.field} is not an event quality field`);
  }
}

/** Inserts the event rules not registered yet (idempotent like the record rules); returns how many were new. */
export async function registerEventQualityRules(db: Database): Promise<number> {
  const rules = eventAutoRulesFor(await eventSources(db));
  if (rules.length === 0) return 0;
  const values = rules.map(
    (r) =>
      sql`(${r.name}, ${r.dimension}::quality_dimension, 'source'::quality_scope, ${r.sourceId}::uuid, ${r.field}, 1::float8, ${r.threshold}::float8)`,
  );
  const inserted = await queryRows<{ id: string }>(
    db,
    sql`insert into quality_rules (name, dimension, scope, source_id, field, weight, threshold, auto_registered)
        select v.name, v.dimension, v.scope, v.source_id, v.field, v.weight, v.threshold, true
        from (values ${sql.join(values, sql`, `)}) as v(name, dimension, scope, source_id, field, weight, threshold)
        on conflict (dimension, scope, coalesce(source_id::text, ''), field) where auto_registered do nothing
        returning id`,
  );
  return inserted.length;
}
