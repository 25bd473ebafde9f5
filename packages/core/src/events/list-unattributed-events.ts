// The events c360 keeps but could not put on a profile yet, for stewards and the quality team: why (the reason
// attribution gave), from which source, with filters and counts. They attach by themselves when the identity
// arrives (attachUnattributedEvents, on the events branch); this list shows what is still waiting. Identifiers and
// properties are masked for callers without profile:pii; a clear read is audited.
import type { Database } from "@c360/db/client";
import { queryRows } from "@c360/db/client";
import { eventUnattributedReasonEnum } from "@c360/db/schema";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { canSeePii, MASK, maskEmail, maskLooseString, maskPayload, maskPhone } from "../profiles/mask-pii";
import { parseInput } from "../parse-input";

export const unattributedReasons = eventUnattributedReasonEnum.enumValues;
export type UnattributedReason = (typeof unattributedReasons)[number];

/** What each reason means, in the words the page shows. */
export const UNATTRIBUTED_REASON_LABELS: Readonly<Record<UnattributedReason, string>> = {
  no_identity: "No userId, anonymousId, email or phone on the message",
  unknown_user_id: "The userId names no record of the source (yet)",
  unknown_anonymous_id: "The anonymousId is not joined to a userId by an identify or alias (yet)",
  ambiguous_identity: "The email or phone belongs to more than one profile",
  unknown_identity: "The email or phone belongs to no profile (yet)",
};

export const messageTypes = ["identify", "track", "page", "screen", "group", "alias"] as const;

export const listUnattributedEventsInput = z.object({
  /** A source's name: only events sent to it. */
  source: z.string().trim().min(1).max(100).optional(),
  reason: z
    .enum(unattributedReasons, { error: `reason must be one of ${unattributedReasons.join(", ")}.` })
    .optional(),
  messageType: z
    .enum(messageTypes, { error: `messageType must be one of ${messageTypes.join(", ")}.` })
    .optional(),
  /** An anonymousId or userId exactly as sent: every waiting event of that identity. */
  identity: z.string().trim().min(1).max(200).optional(),
  /** Only events received in the last N days. */
  withinDays: z.number().int().min(1, "withinDays is at least 1.").max(3650).optional(),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export type ListUnattributedEventsInput = z.input<typeof listUnattributedEventsInput>;

export interface UnattributedEvent {
  id: number;
  sourceName: string;
  messageType: string | null;
  /** The event name (track), page or screen name, or the timeline type when there is none. */
  event: string;
  channel: string;
  messageId: string | null;
  messageIdDerived: boolean;
  anonymousId: string | null;
  userId: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  occurredAt: Date;
  recordedAt: Date;
  reason: UnattributedReason;
  reasonLabel: string;
  properties: Record<string, unknown>;
}

export interface UnattributedEventsPage {
  events: UnattributedEvent[];
  /** Events matching the filters, counted up to COUNT_CAP + 1 (more than COUNT_CAP reads "10,000+"). */
  total: number;
  /**
   * Waiting events per reason and per source (the filters' other choices). Exact while there are at most COUNT_CAP
   * of them; beyond, counted among COUNT_CAP + 1 of them (countsSampled), which still says which reasons dominate.
   */
  byReason: { reason: UnattributedReason; count: number }[];
  bySource: { source: string; count: number }[];
  countsSampled: boolean;
  countCap: number;
  masked: boolean;
}

/**
 * Counts stop here: a steward needs to know "over ten thousand", not the exact figure, and an exact count of a
 * million waiting events took seconds a page (bench:portal with 10M events). Each count reads at most this many
 * index entries.
 */
export const COUNT_CAP = 10_000;

/** An identifier as a caller without profile:pii sees it: an email or phone by its kind, else only its last two characters. */
export function maskEventIdentifier(value: string | null): string | null {
  if (value === null || value === "") return value;
  if (/[^\s@]+@[^\s@]+\.[^\s@]+/.test(value)) return maskEmail(value);
  if (/^\+?[\d\s().-]{7,}$/.test(value)) return maskPhone(value);
  return value.length >= 8 ? `${MASK}${value.slice(-2)}` : MASK;
}

interface Row extends Record<string, unknown> {
  id: number | string;
  source_name: string;
  message_type: string | null;
  event: string | null;
  type: string;
  channel: string;
  external_id: string | null;
  message_id_derived: boolean;
  anonymous_id: string | null;
  user_id: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  occurred_at: Date | string;
  recorded_at: Date | string;
  unattributed_reason: UnattributedReason;
  properties: Record<string, unknown> | null;
}

export async function listUnattributedEvents(
  db: Database,
  actor: Actor,
  rawInput: ListUnattributedEventsInput = {},
): Promise<UnattributedEventsPage> {
  const input = parseInput(listUnattributedEventsInput, rawInput);
  const filters: SQL[] = [sql`i.unattributed_reason is not null`];
  if (input.source) filters.push(sql`s.name = ${input.source}`);
  if (input.messageType) filters.push(sql`i.message_type = ${input.messageType}::event_message_type`);
  if (input.identity)
    filters.push(sql`(i.anonymous_id = ${input.identity} or i.user_id = ${input.identity})`);
  if (input.withinDays)
    filters.push(sql`i.recorded_at >= now() - make_interval(days => ${input.withinDays}::int)`);
  // The reason filter narrows the list, not the per-reason counts (they are the choices of that filter).
  const common = sql.join(filters, sql` and `);
  const where = input.reason
    ? sql`${common} and i.unattributed_reason = ${input.reason}::event_unattributed_reason`
    : common;
  const columns = sql`i.id, s.name as source_name, i.message_type::text as message_type, i.event, i.type, i.channel::text as channel, i.external_id,
      i.message_id_derived, i.anonymous_id, i.user_id, i.contact_email, i.contact_phone, i.occurred_at, i.recorded_at,
      i.unattributed_reason::text as unattributed_reason, i.properties`;
  const wanted = input.offset + input.limit;
  const capped = (filter: SQL) =>
    sql`(select count(*) from (select 1 from interactions i join sources s on s.id = i.source_id where ${filter} limit ${COUNT_CAP + 1}) c)`;
  const [rows, totals, byReason, bySource] = await Promise.all([
    queryRows<Row>(
      db,
      input.identity
        ? // An identity's events are few: found by the partial indexes on (source, anonymous id) and (source, user id).
          sql`select ${columns} from interactions i join sources s on s.id = i.source_id where ${where}
              order by i.recorded_at desc, i.id desc limit ${input.limit} offset ${input.offset}`
        : // Newest first per source by the partial (source, recorded_at) index of waiting events, then merged: no sort
          // of every waiting event.
          sql`select x.* from sources s0 cross join lateral (
                select ${columns} from interactions i join sources s on s.id = i.source_id
                where i.source_id = s0.id and ${where}
                order by i.recorded_at desc, i.id desc limit ${wanted}) x
              ${input.source ? sql`where s0.name = ${input.source}` : sql``}
              order by x.recorded_at desc, x.id desc limit ${input.limit} offset ${input.offset}`,
    ),
    queryRows<{ n: number | string }>(db, sql`select ${capped(where)} as n`),
    // Per reason and per source from at most COUNT_CAP + 1 waiting events (one bounded read of the partial index,
    // not one count per choice: a count of a reason nobody has would read every waiting event to find none).
    queryRows<{ reason: UnattributedReason; n: number | string }>(
      db,
      sql`select r.reason, count(*) as n from (select i.unattributed_reason::text as reason from interactions i join sources s on s.id = i.source_id
            where ${common} limit ${COUNT_CAP + 1}) r group by 1`,
    ),
    queryRows<{ source: string; n: number | string }>(
      db,
      sql`select s.name as source, count(*) as n from (select i.source_id from interactions i where i.unattributed_reason is not null limit ${COUNT_CAP + 1}) r
          join sources s on s.id = r.source_id group by 1`,
    ),
  ]);
  const clear = canSeePii(actor);
  const events = rows.map((r): UnattributedEvent => {
    const event: UnattributedEvent = {
      id: Number(r.id),
      sourceName: r.source_name,
      messageType: r.message_type,
      event: r.event ?? r.type,
      channel: r.channel,
      messageId: r.external_id,
      messageIdDerived: r.message_id_derived,
      anonymousId: r.anonymous_id,
      userId: r.user_id,
      contactEmail: r.contact_email,
      contactPhone: r.contact_phone,
      occurredAt: new Date(r.occurred_at),
      recordedAt: new Date(r.recorded_at),
      reason: r.unattributed_reason,
      reasonLabel: UNATTRIBUTED_REASON_LABELS[r.unattributed_reason] ?? r.unattributed_reason,
      properties: r.properties ?? {},
    };
    if (clear) return event;
    return {
      ...event,
      // A message id is the sender's key, but a sender may build it from an address: masked like free text.
      messageId: event.messageId === null ? null : maskLooseString(event.messageId),
      anonymousId: maskEventIdentifier(event.anonymousId),
      userId: maskEventIdentifier(event.userId),
      contactEmail: event.contactEmail === null ? null : maskEmail(event.contactEmail),
      contactPhone: event.contactPhone === null ? null : maskPhone(event.contactPhone),
      event: maskLooseString(event.event),
      properties: maskPayload(event.properties),
    };
  });
  if (clear && events.length > 0) {
    await recordAudit(db, actor, {
      action: "events.view_unattributed_pii",
      entityType: "event",
      details: {
        events: events.length,
        filters: {
          source: input.source ?? null,
          reason: input.reason ?? null,
          messageType: input.messageType ?? null,
          identity: input.identity ? true : null,
        },
      },
    });
  }
  return {
    events,
    total: Number(totals[0]?.n ?? 0),
    byReason: byReason
      .map((r) => ({ reason: r.reason, count: Number(r.n) }))
      .filter((r) => r.count > 0)
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    bySource: bySource
      .map((r) => ({ source: r.source, count: Number(r.n) }))
      .filter((r) => r.count > 0)
      .sort((a, b) => b.count - a.count || a.source.localeCompare(b.source)),
    countCap: COUNT_CAP,
    countsSampled:
      byReason.reduce((sum, r) => sum + Number(r.n), 0) > COUNT_CAP ||
      bySource.reduce((sum, r) => sum + Number(r.n), 0) > COUNT_CAP,
    masked: !clear,
  };
}
