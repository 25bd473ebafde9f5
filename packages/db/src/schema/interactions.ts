// The customer timeline (interactions across channels) and relationships between profiles and accounts.
import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  index,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
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
     * Attribution, recomputable from the source record: kept when the profile goes (set null) and re-pointed
     * by merges. Citus: distribute by profile_id, colocated with profile_members.
     */
    profileId: uuid("profile_id").references(() => profiles.id, { onDelete: "set null" }),
    /** The record the event belongs to; an erased record takes its events with it. */
    sourceRecordId: uuid("source_record_id").references(() => sourceRecords.id, { onDelete: "cascade" }),
    sourceId: uuid("source_id")
      .notNull()
      .references(() => sources.id, { onDelete: "restrict" }),
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
  },
  (t) => [
    index("interactions_profile_occurred_idx").on(t.profileId, t.occurredAt.desc().nullsFirst()),
    index("interactions_source_record_idx").on(t.sourceRecordId),
    index("interactions_channel_occurred_idx").on(t.channel, t.occurredAt),
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
