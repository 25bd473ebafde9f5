// What the source's events page shows beside its settings: how many events wait for their person, when the last
// one arrived, and the event names recently seen (with the channel each lands in), so an admin can map names to
// channels without guessing. Read from the latest events and the partial index of waiting ones: cheap at any volume.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { consentPurposes, sources } from "@c360/db/schema";
import { asc, ne } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { requireSource } from "../sources/manage-sources";
import { getEventSettings, type EventSettings } from "./event-settings";
import { COUNT_CAP } from "./list-unattributed-events";

/** Latest events read for the names and the recent figures. */
export const RECENT_EVENTS = 5000;

export interface EventSourceOverview {
  source: { id: string; name: string; kind: string };
  settings: EventSettings;
  /** Events waiting for their person (all time), counted up to COUNT_CAP + 1. */
  unattributed: number;
  countCap: number;
  lastReceivedAt: Date | null;
  recent: {
    events: number;
    unattributed: number;
    names: { name: string; messageType: string; channel: string; count: number }[];
  };
  /** For the settings form: other sources userId may name, and the consent purposes categories may map to. */
  otherSources: string[];
  purposes: { key: string; name: string }[];
}

export async function describeEventSource(db: Database, sourceName: string): Promise<EventSourceOverview> {
  const source = await requireSource(db, sourceName);
  const [settings, waiting, names, others, purposes] = await Promise.all([
    getEventSettings(db, source.id),
    // Counted up to COUNT_CAP + 1, as the unattributed list counts ("10,000+").
    queryRows<{ n: number | string }>(
      db,
      sql`select count(*) as n from (select 1 from interactions where source_id = ${source.id} and unattributed_reason is not null limit ${COUNT_CAP + 1}) c`,
    ),
    queryRows<{
      name: string;
      message_type: string;
      channel: string;
      n: number | string;
      waiting: number | string;
      last: Date | string | null;
    }>(
      db,
      sql`select coalesce(r.event, r.type) as name, r.message_type::text as message_type, r.channel::text as channel, count(*) as n,
            count(*) filter (where r.unattributed_reason is not null) as waiting, max(r.recorded_at) as last
          from (select event, type, message_type, channel, unattributed_reason, recorded_at from interactions
                where source_id = ${source.id} and message_type is not null order by id desc limit ${RECENT_EVENTS}) r
          group by 1, 2, 3 order by 4 desc, 1`,
    ),
    db
      .select({ name: sources.name })
      .from(sources)
      .where(ne(sources.id, source.id))
      .orderBy(asc(sources.name)),
    db
      .select({ key: consentPurposes.key, name: consentPurposes.name })
      .from(consentPurposes)
      .orderBy(asc(consentPurposes.key)),
  ]);
  const last = names.reduce<number | null>(
    (max, r) => (r.last === null ? max : Math.max(max ?? 0, new Date(r.last).getTime())),
    null,
  );
  return {
    source: { id: source.id, name: source.name, kind: source.kind },
    settings,
    unattributed: Number(waiting[0]?.n ?? 0),
    countCap: COUNT_CAP,
    lastReceivedAt: last === null ? null : new Date(last),
    recent: {
      events: names.reduce((sum, r) => sum + Number(r.n), 0),
      unattributed: names.reduce((sum, r) => sum + Number(r.waiting), 0),
      names: names.map((r) => ({
        name: r.name,
        messageType: r.message_type,
        channel: r.channel,
        count: Number(r.n),
      })),
    },
    otherSources: others.map((o) => o.name),
    purposes,
  };
}
