// One page of a profile's timeline: its interactions across channels, newest first, with channel filters.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { maskEventIdentifier } from "../events/list-unattributed-events";
import { canSeePii, maskLooseString, maskPayload } from "./mask-pii";
import { listProfileTimelineInput, type ListProfileTimelineInput } from "./profile-schemas";
import { parseInput } from "../parse-input";

export interface TimelineEntry {
  id: number;
  channel: string;
  type: string;
  occurredAt: Date;
  amount: number | null;
  currency: string | null;
  sourceName: string;
  properties: Record<string, unknown>;
  /** A Segment message's type (track, page, identify...); null for interactions that did not come as a message. */
  messageType: string | null;
  /** How the event found this profile: user_id, anonymous_id, email or phone; null for non-message interactions. */
  attributedBy: string | null;
  /** The message's anonymousId and userId as sent (masked without profile:pii). */
  anonymousId: string | null;
  userId: string | null;
  messageId: string | null;
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
  message_type: string | null;
  attributed_by: string | null;
  anonymous_id: string | null;
  user_id: string | null;
  external_id: string | null;
}

export async function listProfileTimeline(
  db: Database,
  actor: Actor,
  rawInput: ListProfileTimelineInput,
): Promise<ProfileTimeline> {
  const input = parseInput(listProfileTimelineInput, rawInput);
  const channels = input.channels && input.channels.length > 0 ? input.channels : null;
  const channelFilter = channels
    ? sql`and i.channel::text in (${sql.join(
        channels.map((c) => sql`${c}`),
        sql`, `,
      )})`
    : sql``;
  // Both on their own pooled connection at once (PostgreSQL); the page reads only its rows by the profile index.
  const [rows, counts] = await Promise.all([
    queryRows<Row>(
      db,
      sql`select i.id, i.channel::text as channel, i.type, i.occurred_at, i.amount, i.currency, s.name as source_name, i.properties,
            i.message_type::text as message_type, i.attributed_by::text as attributed_by, i.anonymous_id, i.user_id,
            case when i.message_type is null then null else i.external_id end as external_id
          from interactions i join sources s on s.id = i.source_id
          where i.profile_id = ${input.profileId} ${channelFilter}
          order by i.occurred_at desc, i.id desc
          limit ${input.pageSize} offset ${(input.page - 1) * input.pageSize}`,
    ),
    queryRows<{ channel: string; count: number | string }>(
      db,
      sql`select channel::text as channel, count(*) as count from interactions where profile_id = ${input.profileId} group by 1 order by 2 desc, 1`,
    ),
  ]);
  const clear = canSeePii(actor);
  return {
    entries: rows.map((row) => ({
      id: Number(row.id),
      channel: row.channel,
      // A sender names its events freely (track "Order Completed"): an address in a name is masked like free text.
      type: clear ? row.type : maskLooseString(row.type),
      occurredAt: new Date(row.occurred_at),
      amount: row.amount === null ? null : Number(row.amount),
      currency: row.currency,
      sourceName: row.source_name,
      // Event properties are free-form: a source may put a contact point in them.
      properties: clear ? row.properties : maskPayload(row.properties),
      messageType: row.message_type,
      attributedBy: row.attributed_by,
      anonymousId: clear ? row.anonymous_id : maskEventIdentifier(row.anonymous_id),
      userId: clear ? row.user_id : maskEventIdentifier(row.user_id),
      messageId: clear || row.external_id === null ? row.external_id : maskLooseString(row.external_id),
    })),
    // From the per-channel counts (read anyway for the filter buttons): a window count over the page query would
    // read every event of the profile with its properties; an active customer has thousands.
    total: counts
      .filter((c) => channels === null || (channels as string[]).includes(c.channel))
      .reduce((sum, c) => sum + Number(c.count), 0),
    page: input.page,
    pageSize: input.pageSize,
    channelCounts: counts.map((c) => ({ channel: c.channel, count: Number(c.count) })),
  };
}

/**
 * The timeline as the API serves it on its own (the profile page's filters and pages, its live refetches): a caller
 * who receives clear event properties is audited like a read of the profile (profile.view_pii, part timeline).
 */
export async function readProfileTimeline(
  db: Database,
  actor: Actor,
  rawInput: ListProfileTimelineInput,
): Promise<ProfileTimeline> {
  const timeline = await listProfileTimeline(db, actor, rawInput);
  if (canSeePii(actor)) {
    await recordAudit(db, actor, {
      action: "profile.view_pii",
      entityType: "profile",
      entityId: listProfileTimelineInput.parse(rawInput).profileId,
      details: { part: "timeline" },
    });
  }
  return timeline;
}
