// One page of a profile's timeline: its interactions across channels, newest first, with channel filters.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { canSeePii, maskPayload } from "./mask-pii";
import { listProfileTimelineInput, type ListProfileTimelineInput } from "./profile-schemas";

export interface TimelineEntry {
  id: number;
  channel: string;
  type: string;
  occurredAt: Date;
  amount: number | null;
  currency: string | null;
  sourceName: string;
  properties: Record<string, unknown>;
}

export interface ProfileTimeline {
  entries: TimelineEntry[];
  total: number;
  page: number;
  pageSize: number;
  /** Interactions per channel over the whole timeline (not just the filtered page), for the filter buttons. */
  channelCounts: { channel: string; count: number }[];
}

interface Row extends Record<string, unknown> {
  id: number | string;
  channel: string;
  type: string;
  occurred_at: Date | string;
  amount: string | number | null;
  currency: string | null;
  source_name: string;
  properties: Record<string, unknown>;
  total: number | string;
}

export async function listProfileTimeline(db: Database, actor: Actor, rawInput: ListProfileTimelineInput): Promise<ProfileTimeline> {
  const input = listProfileTimelineInput.parse(rawInput);
  const channels = input.channels && input.channels.length > 0 ? input.channels : null;
  const channelFilter = channels
    ? sql`and i.channel::text in (${sql.join(channels.map((c) => sql`${c}`), sql`, `)})`
    : sql``;
  const rows = await queryRows<Row>(
    db,
    sql`select i.id, i.channel::text as channel, i.type, i.occurred_at, i.amount, i.currency, s.name as source_name, i.properties,
          count(*) over () as total
        from interactions i join sources s on s.id = i.source_id
        where i.profile_id = ${input.profileId} ${channelFilter}
        order by i.occurred_at desc, i.id desc
        limit ${input.pageSize} offset ${(input.page - 1) * input.pageSize}`,
  );
  const counts = await queryRows<{ channel: string; count: number | string }>(
    db,
    sql`select channel::text as channel, count(*) as count from interactions where profile_id = ${input.profileId} group by 1 order by 2 desc, 1`,
  );
  const clear = canSeePii(actor);
  return {
    entries: rows.map((row) => ({
      id: Number(row.id),
      channel: row.channel,
      type: row.type,
      occurredAt: new Date(row.occurred_at),
      amount: row.amount === null ? null : Number(row.amount),
      currency: row.currency,
      sourceName: row.source_name,
      // Event properties are free-form: a source may put a contact point in them.
      properties: clear ? row.properties : maskPayload(row.properties),
    })),
    total: rows.length > 0 ? Number(rows[0]!.total) : 0,
    page: input.page,
    pageSize: input.pageSize,
    channelCounts: counts.map((c) => ({ channel: c.channel, count: Number(c.count) })),
  };
}

/**
 * The timeline as the API serves it on its own (the profile page's filters and pages, its live refetches): a caller
 * who receives clear event properties is audited like a read of the profile (profile.view_pii, part timeline).
 */
export async function readProfileTimeline(db: Database, actor: Actor, rawInput: ListProfileTimelineInput): Promise<ProfileTimeline> {
  const timeline = await listProfileTimeline(db, actor, rawInput);
  if (canSeePii(actor)) {
    await recordAudit(db, actor, { action: "profile.view_pii", entityType: "profile", entityId: listProfileTimelineInput.parse(rawInput).profileId, details: { part: "timeline" } });
  }
  return timeline;
}
