// The customer timeline (interactions across channels) and relationships between profiles and accounts.
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { profiles } from "./profiles";
import { sourceRecords } from "./records";
import { sources } from "./sources";

export const interactionChannelEnum = pgEnum("interaction_channel", [
  "purchase",
  "ticket",
  "email",
  "web",
  "call",
  "sms",
  "chat",
  "store",
  "other",
]);
/** The Segment spec's message types (decision 0901). Null on interactions that did not come as a message (demo fills). */
export const eventMessageTypeEnum = pgEnum("event_message_type", [
  "identify",
  "track",
  "page",
  "screen",
  "group",
  "alias",
]);
/** How an event found its person (decision 0901, in this order). */
export const eventAttributionEnum = pgEnum("event_attribution", [
  "user_id",
  "anonymous_id",
  "email",
  "phone",
]);
/** Why an event has no person yet; it is attached as soon as the identity arrives. */
export const eventUnattributedReasonEnum = pgEnum("event_unattributed_reason", [
  /** No userId, anonymousId, email or phone on the message. */
  "no_identity",
  /** userId names no record of the source it refers to (yet). */
  "unknown_user_id",
  /** anonymousId never joined to a userId by identify or alias (yet), and no usable email or phone. */
  "unknown_anonymous_id",
  /** The email or phone belongs to more than one profile. */
  "ambiguous_identity",
  /** The email or phone belongs to no profile (yet). */
  "unknown_identity",
]);
export const relationshipKindEnum = pgEnum("relationship_kind", [
  "household",
  "employer",
  "parent_child",
  "spouse",
  "account_contact",
]);

export const interactions = pgTable(
  "interactions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /**
     * Attribution, recomputable from the source record: re-pointed by merges. Citus: distribute by profile_id,
     * colocated with profile_members. No foreign key (decision 0901, Figures): it cost a lookup and a row lock of the
     * profile per stored event, and it protected nothing: profiles are never deleted (merged ones stay as redirects,
     * erased ones are emptied in place), and every value written comes from source_records.profile_id, which has one.
     */
    profileId: uuid("profile_id"),
    /** The record the event belongs to; an erased record takes its events with it. */
    sourceRecordId: uuid("source_record_id").references(() => sourceRecords.id, { onDelete: "cascade" }),
    /** The source that sent it. No foreign key, for the same reason as profile_id: sources are never deleted. */
    sourceId: uuid("source_id").notNull(),
    /** The source's own id for the event, when it has one: re-importing it changes nothing. */
    externalId: text("external_id"),
    channel: interactionChannelEnum("channel").notNull(),
    /** Dotted event type within the channel: order.placed, email.open, page.view, ticket.opened... */
    type: text("type").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    amount: numeric("amount", { precision: 18, scale: 4 }),
    /** ISO 4217 code, with amount. */
    currency: text("currency"),
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull().default({}),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    // Behavioural events (decision 0901): a Segment-style message stored as an interaction. external_id carries its
    // messageId, so (source_id, external_id) is the idempotency key across file, REST and stream.
    /** identify | track | page | screen | group | alias; null for interactions that were not sent as a message. */
    messageType: eventMessageTypeEnum("message_type"),
    /** True when the message had no messageId and external_id is the deterministic id derived from its content. */
    messageIdDerived: boolean("message_id_derived").notNull().default(false),
    /** track: the event name ("Order Completed"); page/screen: the page or screen name; group: the group id. */
    event: text("event"),
    /** The message's anonymousId and userId exactly as sent (userId = the customer id in the source it refers to). */
    anonymousId: text("anonymous_id"),
    userId: text("user_id"),
    /**
     * The email and phone the message carried (traits / context.traits), standardized by @c360/matching: how an
     * event waiting for its person is attached when a record with them arrives, and how erasure finds it.
     */
    contactEmail: text("contact_email"),
    contactPhone: text("contact_phone"),
    /** The message's own clocks; occurred_at is its timestamp corrected by receivedAt - sentAt. */
    sentAt: timestamp("sent_at", { withTimezone: true }),
    receivedAt: timestamp("received_at", { withTimezone: true }),
    /** Set with source_record_id: which identifier attached the event to that record. */
    attributedBy: eventAttributionEnum("attributed_by"),
    /** Set while the event has no record (source_record_id null); cleared when it is attached. */
    unattributedReason: eventUnattributedReasonEnum("unattributed_reason"),
    /**
     * The import batch (file, REST request, stream round) that stored it. No foreign key: a lookup per stored event
     * would cost more than it protects (batches are never deleted).
     */
    importBatchId: uuid("import_batch_id"),
  },
  (t) => [
    // Every index here is paid for by every stored event (decision 0901, Figures): partial where a reader only ever
    // asks for non-null values (a profile's timeline, a record's events), none for what no reader asks (by channel).
    // A profile's events newest first, carrying what the profile page reads of every one of them (engagement, the
    // channel counts, segment rules: channel, message type, type, amount): an active customer's thousands of events
    // are read from the index alone, not from as many heap pages scattered over the table (decision 0901, Figures).
    index("interactions_profile_occurred_idx")
      .on(t.profileId, t.occurredAt.desc().nullsFirst(), t.channel, t.messageType, t.type, t.amount)
      .where(sql`${t.profileId} is not null`),
    // Unattributed events by the identity that will attach them: an identify or alias (anonymous id), a record
    // imported later (user id), the unattributed list (source, newest first). Only unattributed rows are indexed,
    // and only those carrying the identity: an identify's update of its anonymous events (user_id is null) can then
    // only take the anonymous index, never walk every waiting event of the source in the user index.
    index("interactions_unattributed_anonymous_idx")
      .on(t.sourceId, t.anonymousId)
      .where(sql`${t.unattributedReason} is not null and ${t.anonymousId} is not null`),
    index("interactions_unattributed_user_idx")
      .on(t.sourceId, t.userId)
      .where(sql`${t.unattributedReason} is not null and ${t.userId} is not null`),
    index("interactions_unattributed_email_idx")
      .on(t.contactEmail)
      .where(sql`${t.unattributedReason} is not null and ${t.contactEmail} is not null`),
    index("interactions_unattributed_phone_idx")
      .on(t.contactPhone)
      .where(sql`${t.unattributedReason} is not null and ${t.contactPhone} is not null`),
    index("interactions_unattributed_recorded_idx")
      .on(t.sourceId, t.recordedAt)
      .where(sql`${t.unattributedReason} is not null`),
    check(
      "interactions_attribution_consistent",
      sql`${t.unattributedReason} is null or (${t.sourceRecordId} is null and ${t.profileId} is null)`,
    ),
    index("interactions_source_record_idx")
      .on(t.sourceRecordId)
      .where(sql`${t.sourceRecordId} is not null`),
    unique("interactions_source_external_key").on(t.sourceId, t.externalId),
    check("interactions_currency_code", sql`${t.currency} is null or ${t.currency} ~ '^[A-Z]{3}$'`),
    check("interactions_amount_has_currency", sql`${t.amount} is null or ${t.currency} is not null`),
  ],
);

/** Profile to profile (household, spouse, parent/child) or profile to an account by name (employer, account contact). */
export const relationships = pgTable(
  "relationships",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    fromProfileId: uuid("from_profile_id")
      .notNull()
      .references(() => profiles.id, { onDelete: "cascade" }),
    toProfileId: uuid("to_profile_id").references(() => profiles.id, { onDelete: "cascade" }),
    accountName: text("account_name"),
    kind: relationshipKindEnum("kind").notNull(),
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("relationships_to_profile_idx").on(t.toProfileId),
    uniqueIndex("relationships_unique_idx").on(
      t.fromProfileId,
      t.kind,
      sql`coalesce(${t.toProfileId}::text, ${t.accountName})`,
    ),
    check("relationships_one_target", sql`num_nonnulls(${t.toProfileId}, ${t.accountName}) = 1`),
    check("relationships_not_self", sql`${t.toProfileId} is null or ${t.toProfileId} <> ${t.fromProfileId}`),
  ],
);

/**
 * anonymousId -> userId per source, from identify and alias messages (decision 0901). The first join of an
 * anonymous id wins; later ones naming another user are kept as events but do not re-point it.
 */
export const eventAliases = pgTable(
  "event_aliases",
  {
    sourceId: uuid("source_id")
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    /** The anonymousId (identify) or previousId (alias). */
    anonymousId: text("anonymous_id").notNull(),
    userId: text("user_id").notNull(),
    /** The message that made the join: the proof. */
    messageId: text("message_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "event_aliases_pkey", columns: [t.sourceId, t.anonymousId] }),
    index("event_aliases_user_idx").on(t.sourceId, t.userId),
  ],
);

/** Event name -> timeline channel. */
export type EventChannelMap = Record<string, (typeof interactionChannelEnum.enumValues)[number]>;
/** CSV column -> message field ("userId", "timestamp", "properties.total", "context.traits.email"...). */
export type EventColumnMap = Record<string, string>;
/** Segment consent category (context.consent.categoryPreferences key, or "gpc") -> c360 consent purpose key. */
export type EventConsentPurposeMap = Record<string, string>;

/** How one source's events are read (decision 0901). A source without a row uses the defaults. */
export const eventSourceSettings = pgTable(
  "event_source_settings",
  {
    sourceId: uuid("source_id")
      .primaryKey()
      .references(() => sources.id, { onDelete: "cascade" }),
    /** The source whose customer ids the messages' userId are (null: this source's own records). */
    userIdSourceId: uuid("user_id_source_id").references(() => sources.id, { onDelete: "set null" }),
    /** Event name -> channel; unmapped events use the defaults (page/screen -> web, then by name and source kind). */
    channels: jsonb("channels").$type<EventChannelMap>().notNull().default({}),
    /** CSV column -> message field, for CSV event files. */
    columnMap: jsonb("column_map").$type<EventColumnMap>().notNull().default({}),
    /** Consent category -> purpose key; categories not mapped are ignored (never guessed). */
    consentPurposes: jsonb("consent_purposes").$type<EventConsentPurposeMap>().notNull().default({}),
    /** ISO 4217 currency for amounts sent without one; null: such amounts are kept in properties only. */
    defaultCurrency: text("default_currency"),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    check(
      "event_source_settings_currency_code",
      sql`${t.defaultCurrency} is null or ${t.defaultCurrency} ~ '^[A-Z]{3}$'`,
    ),
  ],
);
