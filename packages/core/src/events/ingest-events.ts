// The one way behavioural events come in (decision 0901): file, REST, stream and the demo seed all call
// ingestEvents. Each call is one transaction: messages are parsed, refused when erased, joined to their person
// (userId, then anonymousId through identify/alias, then a standardized email or phone that belongs to exactly one
// profile) and stored once by messageId; an identify or alias moves the earlier anonymous events it explains.
import type { Database } from "@c360/db/client";
import { pipelinedTransaction, queryRows } from "@c360/db/client";
import type { ImportRowError } from "@c360/db/schema";
import { sql, type SQL } from "drizzle-orm";
import type { Actor } from "../actor";
import { auditInsertStatement } from "../audit/record-audit";
import { computeIdentityHashes, type SuppressionKey } from "../ingest/identity-hash";
import { MAX_STORED_ERRORS } from "../ingest/import-batch";
import { loadSuppressionKey } from "../privacy/suppression-key";
import { notifyProfileChangesStatement } from "../profiles/notify-profile-changes";
import { pgTextArray } from "@c360/db/bulk";
import { enqueueTriggeredActions } from "../triggers/enqueue-triggered-actions";
import type { SourceKind } from "../sources/source-schemas";
import { channelOfEvent, timelineTypeOf } from "./channel-of-event";
import { getEventSettings, type EventSettings } from "./event-settings";
import { isRejection, parseEventMessage, type ParsedEvent } from "./parse-event-message";
import { recordEventConsent } from "./record-event-consent";

export const EVENT_ERASED_REASON =
  "erased subject: the event names a person erased on request (a suppression), so it is not stored";

export interface EventSource {
  id: string;
  name: string;
  kind: SourceKind;
}

export type EventStatus = "accepted" | "duplicate" | "rejected";

export interface EventResult {
  /** 0-based position of the message in what was sent. */
  index: number;
  messageId: string | null;
  /** True when the message had no messageId and the id is derived from its content. */
  messageIdDerived: boolean;
  status: EventStatus;
  reason?: string;
  /** Accepted events: the profile it was attributed to (null: waiting for its person, or its record has none yet). */
  profileId?: string | null;
  /** Accepted events that wait for their person: why. */
  unattributedReason?: string | null;
}

export interface IngestEventsResult {
  accepted: number;
  duplicate: number;
  rejected: number;
  /** Earlier events an identify or alias in this call moved to their person. */
  stitched: number;
  results: EventResult[];
}

/** A chunk of an import batch: its rows count toward the batch and move its checkpoint in the same transaction. */
export interface EventBatchChunk {
  batchId: string;
  /** The last row number the chunk covers: the batch's checkpoint once it commits. */
  lastRow: number;
  /** Row numbers of the messages, by index (reasons are reported per row). */
  rowNumbers: number[];
  /** Rows that could not even be read (bad JSON): counted as rejected with the chunk. */
  readErrors: ImportRowError[];
}

export interface IngestEventsOptions {
  /** How the messages came (audited with the counts when they are not part of an import batch). */
  origin?: "file" | "api" | "stream" | "portal" | "seed";
  /** When c360 received the messages live (REST, stream): corrects client clocks. Not for files. */
  receivedAt?: Date;
  /** Per message, by index, when each was received at its own time (a stream's publish times); over receivedAt. */
  receivedAts?: (Date | undefined)[];
  now?: Date;
  /** Sizes of the messages as sent (bytes), by index, when the caller read them as text. */
  sizes?: number[];
  settings?: EventSettings;
  batch?: EventBatchChunk;
  /** Called inside the transaction before it commits (tests use it to crash mid-import). */
  beforeCommit?: () => void | Promise<void>;
  /** These messages already prepared (prepareEventMessages): a file import reads its next chunk ahead. */
  prepared?: PreparedEvents;
}

export interface Candidate {
  index: number;
  event: ParsedEvent;
  hashes: string[];
}

/** Suppression hashes per identity value, cached: a source's users send many events each. */
class HashCache {
  private readonly cache = new Map<string, string[]>();
  constructor(private readonly key: SuppressionKey) {}
  hashesOf(uidSourceId: string, event: ParsedEvent): string[] {
    const out: string[] = [];
    const add = (kind: string, value: string | null, compute: () => string[]) => {
      if (!value) return;
      const k = `${kind}\u0000${value}`;
      let hit = this.cache.get(k);
      if (!hit) {
        if (this.cache.size > 200_000) this.cache.clear();
        hit = compute();
        this.cache.set(k, hit);
      }
      out.push(...hit);
    };
    const none = { email: null, phone: null, firstName: null, lastName: null, dob: null };
    add("uid", event.userId, () =>
      computeIdentityHashes(
        { sourceId: uidSourceId, externalId: event.userId!, standard: none },
        this.key,
      ).map((h) => h.hash),
    );
    add("email", event.email, () =>
      computeIdentityHashes(
        { sourceId: "", externalId: "", standard: { ...none, email: event.email } },
        this.key,
      )
        .slice(1)
        .map((h) => h.hash),
    );
    add("phone", event.phone, () =>
      computeIdentityHashes(
        { sourceId: "", externalId: "", standard: { ...none, phone: event.phone } },
        this.key,
      )
        .slice(1)
        .map((h) => h.hash),
    );
    return out;
  }
}
const hashCaches = new WeakMap<Database, Promise<HashCache>>();
function hashCacheOf(db: Database): Promise<HashCache> {
  let cache = hashCaches.get(db);
  if (!cache) {
    cache = loadSuppressionKey(db).then((key) => new HashCache(key));
    hashCaches.set(db, cache);
  }
  return cache;
}

/** The joins identify and alias messages make: anonymousId (or previousId) -> userId, the first per anonymous id. */
function aliasesOf(
  candidates: readonly Candidate[],
): { anonymous_id: string; user_id: string; message_id: string }[] {
  const byAnonymous = new Map<string, Candidate>();
  for (const c of candidates) {
    const e = c.event;
    if (
      (e.type !== "identify" && e.type !== "alias") ||
      !e.anonymousId ||
      !e.userId ||
      e.anonymousId === e.userId
    )
      continue;
    const seen = byAnonymous.get(e.anonymousId);
    if (!seen || e.occurredAt < seen.event.occurredAt) byAnonymous.set(e.anonymousId, c);
  }
  return [...byAnonymous.values()].map((c) => ({
    anonymous_id: c.event.anonymousId!,
    user_id: c.event.userId!,
    message_id: c.event.messageId,
  }));
}

/**
 * The insert of the events with their attribution, in the order of decision 0901: userId -> a record of the source
 * userIds name; anonymousId -> the userId an identify/alias joined it to -> that record; the email, then the phone,
 * when every active record holding it belongs to one profile. Otherwise the event waits with its reason.
 */
function insertEventsStatement(
  sourceId: string,
  uidSourceId: string,
  batchId: string | null,
  rows: object[],
): SQL {
  return sql`with input as (
      select * from json_to_recordset(${JSON.stringify(rows)}::json) as x(
        n int, ext text, derived boolean, mtype event_message_type, event text, type text, channel interaction_channel,
        anon text, uid text, email text, phone text, occurred timestamptz, sent timestamptz, received timestamptz,
        amount numeric, currency text, props jsonb)
    ),
    -- json, not jsonb: the input is read once, field by field (measured: about a third less time per chunk).
    -- Each lookup is an index probe per message (lateral, limit 1: never a hash join over a whole table, whatever
    -- the planner guesses of the input's size: it assumes 100 rows).
    keyed as (
      select x.*, coalesce(x.uid, a.user_id) as key_uid, x.uid is null and a.user_id is not null as via_alias
      from input x
      left join lateral (select a.user_id from event_aliases a
        where x.uid is null and x.anon is not null and a.source_id = ${sourceId}::uuid and a.anonymous_id = x.anon limit 1) a on true
    ), by_user as (
      select k.*, r.id as u_rec, r.profile_id as u_profile
      from keyed k
      left join lateral (select r.id, r.profile_id from source_records r
        where k.key_uid is not null and r.source_id = ${uidSourceId}::uuid and r.external_id = k.key_uid and r.status = 'active'
        limit 1) r on true
    ), by_contact as (
      select b.*, e.rec as e_rec, e.profile as e_profile, coalesce(e.profiles, 0) as e_profiles,
        p.rec as p_rec, p.profile as p_profile, coalesce(p.profiles, 0) as p_profiles
      from by_user b
      left join lateral (
        select (array_agg(r.id order by r.id))[1] as rec, (array_agg(r.profile_id))[1] as profile,
          count(distinct r.profile_id) as profiles
        from source_records r
        where b.u_rec is null and b.email is not null and r.standardized ->> 'email' = b.email
          and r.status = 'active' and r.profile_id is not null) e on true
      left join lateral (
        select (array_agg(r.id order by r.id))[1] as rec, (array_agg(r.profile_id))[1] as profile,
          count(distinct r.profile_id) as profiles
        from source_records r
        where b.u_rec is null and coalesce(e.profiles, 0) <> 1 and b.phone is not null
          and r.standardized ->> 'phone' = b.phone and r.status = 'active' and r.profile_id is not null) p on true
    ), decided as (
      select c.*,
        case when u_rec is not null then u_rec when e_profiles = 1 then e_rec when p_profiles = 1 then p_rec end as rec,
        case when u_rec is not null then u_profile when e_profiles = 1 then e_profile when p_profiles = 1 then p_profile end as profile,
        case when u_rec is not null then (case when via_alias then 'anonymous_id' else 'user_id' end)
             when e_profiles = 1 then 'email' when p_profiles = 1 then 'phone' end::event_attribution as attributed_by
      from by_contact c
    )
    insert into interactions (source_id, external_id, message_id_derived, message_type, event, type, channel,
      anonymous_id, user_id, contact_email, contact_phone, occurred_at, sent_at, received_at, amount, currency,
      properties, source_record_id, profile_id, attributed_by, unattributed_reason, import_batch_id)
    select ${sourceId}::uuid, ext, derived, mtype, event, type, channel, anon, uid, email, phone, occurred, sent,
      received, amount, currency, props, rec, profile, attributed_by,
      case when rec is not null then null
           when e_profiles > 1 or p_profiles > 1 then 'ambiguous_identity'
           when key_uid is not null then 'unknown_user_id'
           when email is not null or phone is not null then 'unknown_identity'
           when anon is not null then 'unknown_anonymous_id'
           else 'no_identity' end::event_unattributed_reason,
      ${batchId}::uuid
    -- In message id order: two calls storing overlapping messages at once wait for each other, never deadlock.
    from decided order by ext
    on conflict (source_id, external_id) do nothing
    returning id, external_id, profile_id, unattributed_reason`;
}

/**
 * Moves the earlier events of anonymous ids just joined to a user: those still waiting for their person. One
 * statement over the partial index of waiting events (decision 0901: 1,000 events well under 100 ms).
 */
export function stitchAnonymousEventsStatement(
  sourceId: string,
  uidSourceId: string,
  aliases: readonly { anonymous_id: string; user_id: string }[],
): SQL {
  // The anonymous ids as an array too: "= any(array)" keeps the scan of interactions on the partial index of waiting
  // events, instead of a join the planner may turn into a scan of every waiting event.
  const anonymousIds = aliases.map((a) => a.anonymous_id);
  return sql`update interactions i
      set source_record_id = m.rec, profile_id = m.profile, attributed_by = 'anonymous_id', unattributed_reason = null
    from (select a.anonymous_id, r.id as rec, r.profile_id as profile
          from jsonb_to_recordset(${JSON.stringify(aliases)}::jsonb) as a(anonymous_id text, user_id text)
          join lateral (select r.id, r.profile_id from source_records r
            where r.source_id = ${uidSourceId}::uuid and r.external_id = a.user_id and r.status = 'active' limit 1) r on true) m
    where i.source_id = ${sourceId}::uuid and i.anonymous_id = any(${pgTextArray(anonymousIds)}::text[])
      and i.anonymous_id = m.anonymous_id and i.unattributed_reason is not null and i.user_id is null
    returning i.profile_id`;
}

function payloadOf(c: Candidate, source: EventSource, settings: EventSettings): object {
  const e = c.event;
  const currency = e.amount !== null ? (e.currency ?? settings.defaultCurrency) : null;
  return {
    n: c.index,
    ext: e.messageId,
    derived: e.messageIdDerived,
    mtype: e.type,
    event: e.event,
    type: timelineTypeOf(e.type, e.event),
    channel: channelOfEvent(e.type, e.event, settings, source.kind),
    anon: e.anonymousId,
    uid: e.userId,
    email: e.email,
    phone: e.phone,
    occurred: e.occurredAt.toISOString(),
    sent: e.sentAt?.toISOString() ?? null,
    received: e.receivedAt?.toISOString() ?? null,
    amount: currency ? e.amount : null,
    currency: currency ?? null,
    props: e.properties,
  };
}

/** The events one call stored, by message id: their row id, profile (null: waiting or no profile yet), reason. */
type StoredEvents = Map<string, { id: number; profile: string | null; reason: string | null }>;

/** An event one call stored, as a step in the same transaction sees it. */
export interface AcceptedEvent {
  id: number;
  messageId: string;
  /** Null while it waits for its person (or its record has no profile yet). */
  profileId: string | null;
  type: ParsedEvent["type"];
  event: string | null;
  properties: ParsedEvent["properties"];
  occurredAt: Date;
}

/** The stored ones among the candidates, in the order sent. */
export function acceptedEventsOf(storable: readonly Candidate[], stored: StoredEvents): AcceptedEvent[] {
  const out: AcceptedEvent[] = [];
  for (const c of storable) {
    const hit = stored.get(c.event.messageId);
    if (!hit) continue;
    const e = c.event;
    out.push({
      id: hit.id,
      messageId: e.messageId,
      profileId: hit.profile,
      type: e.type,
      event: e.event,
      properties: e.properties,
      occurredAt: e.occurredAt,
    });
  }
  return out;
}

/**
 * Messages read, checked and keyed, before any statement: what ingestEvents does first. A file import prepares its
 * next chunk while the database stores the one before (prepareEventMessages, then ingestEvents with `prepared`).
 */
export interface PreparedEvents {
  /** The messages prepared; ingestEvents checks they are the ones it is given. */
  messages: readonly unknown[];
  settings: EventSettings;
  /** Answers known without the database (rejected, repeated in the call), by index; the rest are candidates. */
  results: EventResult[];
  candidates: Candidate[];
}

/** Parses the messages and derives what the statements need (ids, suppression hashes), without a transaction. */
export async function prepareEventMessages(
  db: Database,
  source: EventSource,
  messages: readonly unknown[],
  options: Pick<IngestEventsOptions, "receivedAt" | "receivedAts" | "now" | "sizes" | "settings"> = {},
): Promise<PreparedEvents> {
  const settings = options.settings ?? (await getEventSettings(db, source.id));
  const hashes = await hashCacheOf(db);
  const results: EventResult[] = new Array(messages.length);
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < messages.length; index++) {
    const parsed = parseEventMessage(messages[index], {
      receivedAt: options.receivedAts?.[index] ?? options.receivedAt,
      now: options.now,
      bytes: options.sizes?.[index],
    });
    if (isRejection(parsed)) {
      results[index] = {
        index,
        messageId: parsed.messageId,
        messageIdDerived: false,
        status: "rejected",
        reason: parsed.reason,
      };
      continue;
    }
    if (seen.has(parsed.messageId)) {
      results[index] = {
        index,
        messageId: parsed.messageId,
        messageIdDerived: parsed.messageIdDerived,
        status: "duplicate",
      };
      continue;
    }
    seen.add(parsed.messageId);
    candidates.push({ index, event: parsed, hashes: hashes.hashesOf(settings.userIdSourceId, parsed) });
  }
  return { messages, settings, results, candidates };
}

/**
 * Stores messages sent to one source: every message gets accepted, duplicate (its messageId is stored already, or
 * repeated earlier in this call) or rejected with its reason. One transaction: nothing is stored half.
 */
export async function ingestEvents(
  db: Database,
  source: EventSource,
  messages: readonly unknown[],
  actor: Actor,
  options: IngestEventsOptions = {},
): Promise<IngestEventsResult> {
  if (options.prepared && options.prepared.messages !== messages)
    throw new Error("ingestEvents: the prepared events are not those of these messages.");
  const { settings, results, candidates } =
    options.prepared ?? (await prepareEventMessages(db, source, messages, options));
  const allHashes = [...new Set(candidates.flatMap((c) => c.hashes))];
  const opening: SQL[] = [
    // Every statement here is index probes over a few thousand rows; the planner, guessing from a recordset of
    // unknown size, prices them high enough to JIT-compile them, which cost a fifth of each chunk (decision 0901).
    sql`set local jit = off`,
    sql`select coalesce(array_agg(identity_hash), '{}') as suppressed from suppressions
        where identity_hash in (select jsonb_array_elements_text(${JSON.stringify(allHashes)}::jsonb))`,
  ];
  const batch = options.batch;
  if (batch)
    opening.push(
      sql`select checkpoint, jsonb_array_length(errors)::int as error_count from import_batches where id = ${batch.batchId}::uuid for update`,
    );

  let stitched = 0;
  const committed = await pipelinedTransaction(db, opening, async (tx, opened) => {
    const suppressed = new Set((opened[1]![0]?.suppressed as string[] | undefined) ?? []);
    if (batch) {
      const state = opened[2]![0] as { checkpoint: number; error_count: number } | undefined;
      if (!state) throw new Error(`Import batch ${batch.batchId} no longer exists.`);
      // Another run of this input committed these rows already: nothing to do (and nothing counted twice).
      if (batch.lastRow <= Number(state.checkpoint))
        return {
          result: {
            alreadyCommitted: true,
            stored: new Map() as StoredEvents,
          },
        };
    }
    const storable: Candidate[] = [];
    for (const c of candidates) {
      if (c.hashes.some((h) => suppressed.has(h)))
        results[c.index] = {
          index: c.index,
          messageId: c.event.messageId,
          messageIdDerived: c.event.messageIdDerived,
          status: "rejected",
          reason: EVENT_ERASED_REASON,
        };
      else storable.push(c);
    }
    const aliases = aliasesOf(storable);
    let newAliases: { anonymous_id: string; user_id: string }[] = [];
    if (aliases.length > 0) {
      newAliases = await queryRows<{ anonymous_id: string; user_id: string }>(
        tx,
        sql`insert into event_aliases (source_id, anonymous_id, user_id, message_id)
            select ${source.id}::uuid, anonymous_id, user_id, message_id
            from jsonb_to_recordset(${JSON.stringify(aliases)}::jsonb) as a(anonymous_id text, user_id text, message_id text)
            order by anonymous_id
            on conflict (source_id, anonymous_id) do nothing
            returning anonymous_id, user_id`,
      );
    }
    const stored: StoredEvents = new Map();
    if (storable.length > 0) {
      const rows = await queryRows<{
        id: number | string;
        external_id: string;
        profile_id: string | null;
        unattributed_reason: string | null;
      }>(
        tx,
        insertEventsStatement(
          source.id,
          settings.userIdSourceId,
          batch?.batchId ?? null,
          storable.map((c) => payloadOf(c, source, settings)),
        ),
      );
      for (const r of rows)
        stored.set(r.external_id, { id: Number(r.id), profile: r.profile_id, reason: r.unattributed_reason });
    }
    const touched = new Set<string>();
    for (const r of stored.values()) if (r.profile) touched.add(r.profile);
    if (newAliases.length > 0) {
      const moved = await queryRows<{ profile_id: string | null }>(
        tx,
        stitchAnonymousEventsStatement(source.id, settings.userIdSourceId, newAliases),
      );
      stitched = moved.length;
      for (const m of moved) if (m.profile_id) touched.add(m.profile_id);
    }
    // Here, inside the transaction, the events this call stored are known with their ids and profiles:
    // acceptedEventsOf(storable, stored). A step that reacts to arriving events (triggers) goes here, and commits
    // or rolls back with them.
    const withConsent = storable.filter((c) => c.event.consent && stored.has(c.event.messageId));
    if (withConsent.length > 0)
      await recordEventConsent(
        tx,
        actor,
        source,
        settings,
        withConsent.map((c) => ({ event: c.event, profileId: stored.get(c.event.messageId)!.profile })),
      );
    // Triggers (decision 2201): their outbox rows commit with the events that fired them; after the consent the
    // messages carried, so a trigger sees the ledger as this call leaves it.
    await enqueueTriggeredActions(tx, source.id, acceptedEventsOf(storable, stored));
    await options.beforeCommit?.();
    const closing: SQL[] = [];
    // Open profile pages hear of new events (REST, stream, and identifies moving earlier ones) when this commits; a
    // file import's chunks touch thousands of profiles at once and pages catch up on their next load.
    if ((!batch || stitched > 0) && options.origin !== "seed") {
      const notify = notifyProfileChangesStatement(touched);
      if (notify && (!batch || touched.size <= 1000)) closing.push(notify);
    }
    if (!batch) {
      // A file's batch is audited when it finishes; a REST request or a stream round here, with its counts (no
      // personal data: ids and counts only).
      let accepted = 0;
      for (const c of storable) if (stored.has(c.event.messageId)) accepted++;
      closing.push(
        auditInsertStatement([
          {
            actor,
            entry: {
              action: "events.ingest",
              entityType: "source",
              entityId: source.id,
              details: {
                source: source.name,
                origin: options.origin ?? "api",
                messages: messages.length,
                accepted,
                stitched,
              },
            },
          },
        ]),
      );
    }
    if (batch) {
      let accepted = 0;
      for (const c of storable) if (stored.has(c.event.messageId)) accepted++;
      const errors: ImportRowError[] = [...batch.readErrors];
      for (let i = 0; i < messages.length; i++) {
        const r = results[i];
        if (r?.status === "rejected") errors.push({ row: batch.rowNumbers[i] ?? i + 1, reason: r.reason! });
      }
      errors.sort((a, b) => a.row - b.row);
      const state = opened[2]![0] as { error_count: number };
      const kept = errors.slice(0, Math.max(0, MAX_STORED_ERRORS - Number(state.error_count)));
      closing.push(sql`update import_batches set
          rows_total = rows_total + ${messages.length + batch.readErrors.length},
          rows_accepted = rows_accepted + ${accepted},
          rows_unchanged = rows_unchanged + ${messages.length - accepted - (errors.length - batch.readErrors.length)},
          rows_rejected = rows_rejected + ${errors.length},
          checkpoint = ${batch.lastRow},
          errors = errors || ${JSON.stringify(kept)}::jsonb
        where id = ${batch.batchId}::uuid`);
    }
    return { result: { alreadyCommitted: false, stored }, closing };
  });

  let accepted = 0;
  let duplicate = 0;
  let rejected = 0;
  for (const c of candidates) {
    if (results[c.index]) continue;
    const hit = committed.stored.get(c.event.messageId);
    results[c.index] = hit
      ? {
          index: c.index,
          messageId: c.event.messageId,
          messageIdDerived: c.event.messageIdDerived,
          status: "accepted",
          profileId: hit.profile,
          unattributedReason: hit.reason,
        }
      : {
          index: c.index,
          messageId: c.event.messageId,
          messageIdDerived: c.event.messageIdDerived,
          status: "duplicate",
        };
  }
  for (const r of results) {
    if (r.status === "accepted") accepted++;
    else if (r.status === "duplicate") duplicate++;
    else rejected++;
  }
  return { accepted, duplicate, rejected, stitched, results };
}
