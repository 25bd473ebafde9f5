// Events in the catalog and in lineage (issue 19): every source that has received events gets an "events" dataset
// under its source system, one dataset per event name under it, and one column per property (with the JSON types
// seen and, for a property named like a contact point, the PII classification on first registration); lineage runs
// from the events to what c360 computes from them: engagement, churn risk and the saved segments over interactions.
// Learned from a sample of each source's latest events, so a sync costs the same at ten million events as at ten.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { segments } from "@c360/db/schema";
import { sql } from "drizzle-orm";
import { segmentDefinition, type SegmentNode } from "../activation/segment-rules";
import { piiKindOfKey } from "../profiles/mask-pii";
import type { AssetKind } from "./catalog-schemas";

/** Latest events read per source to learn its event names and properties. */
export const EVENT_SAMPLE = 5000;

export const eventAssetNames = {
  events: (source: string) => `source:${source}.events`,
  event: (source: string, event: string) => `source:${source}.events.${event}`,
  property: (source: string, event: string, property: string) =>
    `source:${source}.events.${event}.${property}`,
  engagement: "c360:engagement",
  churnRisk: "c360:churn_risk",
  segment: (name: string) => `segment:${name}`,
};

export interface EventAssetSpec {
  kind: AssetKind;
  qualifiedName: string;
  name: string;
  parentId?: string | null;
  properties?: Record<string, unknown>;
  /** Set when the asset is first registered; a governance lead's later classification is kept. */
  initialClassification?: string[];
}

export type RegisterAsset = (spec: EventAssetSpec) => Promise<string>;
export type ConnectAssets = (
  from: string,
  to: string,
  transformation: string,
  properties?: Record<string, unknown>,
) => Promise<void>;

interface SampledProperty extends Record<string, unknown> {
  event_name: string;
  message_type: string | null;
  channel: string;
  key: string | null;
  kinds: string[] | null;
  events: number | string;
}

/** What interaction conditions of a segment ask for: channels and types (null = any). */
function interactionConditionsOf(node: SegmentNode): { channel: string | null; type: string | null }[] {
  if (node.kind === "group") return node.conditions.flatMap(interactionConditionsOf);
  return node.kind === "interactions" ? [{ channel: node.channel, type: node.type }] : [];
}

/**
 * Registers the event assets and edges through the catalog sync's own register/connect (one transaction, counted
 * with the rest). Returns how many event sources were found.
 */
export async function registerEventAssets(
  db: Database,
  register: RegisterAsset,
  connect: ConnectAssets,
  systemIdOf: (sourceName: string) => string | undefined,
): Promise<number> {
  const sources = await queryRows<{ id: string; name: string }>(
    db,
    sql`select s.id, s.name from sources s where exists (select 1 from interactions i where i.source_id = s.id and i.message_type is not null) order by s.name`,
  );
  if (sources.length === 0) return 0;
  const engagement = await register({
    kind: "dataset",
    qualifiedName: eventAssetNames.engagement,
    name: "Engagement score",
    properties: {
      computedBy: "computeEngagement",
      when: "each read of a profile, from its interactions",
      measures: ["recency", "frequency", "monetary"],
    },
  });
  const churn = await register({
    kind: "dataset",
    qualifiedName: eventAssetNames.churnRisk,
    name: "Churn risk",
    properties: { computedBy: "computeEngagement", when: "each read of a profile, from its interactions" },
  });
  const saved = await db
    .select({ name: segments.name, definition: segments.definition })
    .from(segments)
    .orderBy(segments.name);
  const segmentConditions = saved
    .map((s) => ({ name: s.name, parsed: segmentDefinition.safeParse(s.definition) }))
    .filter((s) => s.parsed.success)
    .map((s) => ({ name: s.name, conditions: interactionConditionsOf(s.parsed.data!) }))
    .filter((s) => s.conditions.length > 0);

  for (const source of sources) {
    const eventsId = await register({
      kind: "dataset",
      qualifiedName: eventAssetNames.events(source.name),
      name: `${source.name} events`,
      parentId: systemIdOf(source.name) ?? null,
      properties: {
        table: "interactions",
        spec: "Segment (identify, track, page, screen, group, alias)",
        sample: EVENT_SAMPLE,
      },
    });
    const sampled = await queryRows<SampledProperty>(
      db,
      sql`with recent as (
            select i.event, i.type, i.message_type, i.channel, i.properties from interactions i
            where i.source_id = ${source.id} and i.message_type is not null order by i.id desc limit ${EVENT_SAMPLE}
          ), named as (select coalesce(event, type) as event_name, message_type::text as message_type, channel::text as channel, properties from recent)
          select n.event_name, min(n.message_type) as message_type, min(n.channel) as channel, k.key,
                 array_agg(distinct jsonb_typeof(k.value)) filter (where k.key is not null and jsonb_typeof(k.value) <> 'null') as kinds,
                 count(*) as events
          from named n left join lateral jsonb_each(case when jsonb_typeof(n.properties) = 'object' then n.properties else '{}'::jsonb end) k on true
          group by n.event_name, k.key order by n.event_name, k.key nulls first`,
    );
    const eventIds = new Map<string, string>();
    const channels = new Set<string>();
    const types = new Set<string>();
    for (const row of sampled) {
      channels.add(row.channel);
      types.add(row.event_name);
      let eventId = eventIds.get(row.event_name);
      if (!eventId) {
        eventId = await register({
          kind: "dataset",
          qualifiedName: eventAssetNames.event(source.name, row.event_name),
          name: row.event_name,
          parentId: eventsId,
          properties: { messageType: row.message_type, channel: row.channel },
        });
        eventIds.set(row.event_name, eventId);
      }
      if (row.key === null) continue;
      const pii = piiKindOfKey(row.key);
      await register({
        kind: "column",
        qualifiedName: eventAssetNames.property(source.name, row.event_name, row.key),
        name: row.key,
        parentId: eventId,
        properties: {
          jsonTypes: row.kinds ?? [],
          typeChanged: (row.kinds ?? []).length > 1,
          ...(pii ? { looksLike: pii } : {}),
        },
        initialClassification: pii ? ["PII"] : [],
      });
    }
    // Every activity event counts toward engagement and churn risk (identify, alias and group are identity, not activity).
    await connect(eventsId, engagement, "compute:engagement", {
      rule: "recency, frequency and spend over the last year",
    });
    await connect(eventsId, churn, "compute:churn_risk", {
      rule: "days since last interaction, falling activity, tickets",
    });
    for (const segment of segmentConditions) {
      const uses = segment.conditions.some(
        (c) => (c.channel === null || channels.has(c.channel)) && (c.type === null || types.has(c.type)),
      );
      if (!uses) continue;
      const segmentId = await register({
        kind: "segment",
        qualifiedName: eventAssetNames.segment(segment.name),
        name: segment.name,
      });
      await connect(eventsId, segmentId, "segment:interactions", { conditions: segment.conditions });
    }
  }
  return sources.length;
}
