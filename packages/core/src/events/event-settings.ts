// How one source's events are read: whose customer ids userId names, event name -> channel, a CSV column map,
// consent categories -> purposes, a default currency (table event_source_settings; a source without a row uses
// the defaults).
import type { Database } from "@c360/db/client";
import { consentPurposes, eventSourceSettings, interactionChannelEnum, sources } from "@c360/db/schema";
import { eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Actor } from "../actor";
import { assertActorCan } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { parseInput } from "../parse-input";

const uidSource = alias(sources, "uid_source");

export type InteractionChannel = (typeof interactionChannelEnum.enumValues)[number];

export interface EventSettings {
  /** The source whose records' external ids the messages' userId are: this source itself unless set. */
  userIdSourceId: string;
  /** Its name (consent subjects name records by source name and id). */
  userIdSourceName: string;
  channels: Record<string, InteractionChannel>;
  columnMap: Record<string, string>;
  consentPurposes: Record<string, string>;
  defaultCurrency: string | null;
}

/** Message fields a CSV column may be mapped to (besides properties.*, traits.*, context.traits.*). */
export const EVENT_COLUMN_FIELDS = [
  "type",
  "messageId",
  "userId",
  "anonymousId",
  "previousId",
  "groupId",
  "event",
  "name",
  "timestamp",
  "sentAt",
  "receivedAt",
] as const;

export function isEventColumnField(field: string): boolean {
  return (
    (EVENT_COLUMN_FIELDS as readonly string[]).includes(field) ||
    /^(properties|traits|context\.traits)\.[^.]+$/.test(field)
  );
}

export const setEventSettingsInput = z.object({
  sourceName: z.string().trim().min(1),
  /** The source whose customer ids userId names; null: this source. */
  userIdSource: z.string().trim().min(1).nullable().optional(),
  channels: z
    .record(
      z.string().trim().min(1).max(200),
      z.enum(interactionChannelEnum.enumValues, {
        error: `channel must be one of ${interactionChannelEnum.enumValues.join(", ")}.`,
      }),
    )
    .optional(),
  columnMap: z
    .record(
      z.string().min(1).max(200),
      z.string().refine(isEventColumnField, {
        message: `Not a message field: use ${EVENT_COLUMN_FIELDS.join(", ")}, properties.NAME, traits.NAME or context.traits.NAME.`,
      }),
    )
    .optional(),
  consentPurposes: z.record(z.string().trim().min(1).max(100), z.string().trim().min(1).max(100)).optional(),
  defaultCurrency: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/, "defaultCurrency is an ISO 4217 code such as EUR.")
    .nullable()
    .optional(),
});
export type SetEventSettingsInput = z.input<typeof setEventSettingsInput>;

export function defaultEventSettings(sourceId: string, sourceName: string): EventSettings {
  return {
    userIdSourceId: sourceId,
    userIdSourceName: sourceName,
    channels: {},
    columnMap: {},
    consentPurposes: {},
    defaultCurrency: null,
  };
}

export async function getEventSettings(db: Database, sourceId: string): Promise<EventSettings> {
  const [row] = await db
    .select({ name: sources.name, settings: eventSourceSettings, uidName: uidSource.name })
    .from(sources)
    .leftJoin(eventSourceSettings, eq(eventSourceSettings.sourceId, sources.id))
    .leftJoin(uidSource, eq(uidSource.id, eventSourceSettings.userIdSourceId))
    .where(eq(sources.id, sourceId))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", `Source ${sourceId} does not exist.`);
  if (!row.settings) return defaultEventSettings(sourceId, row.name);
  const settings = row.settings;
  return {
    userIdSourceId: settings.userIdSourceId ?? sourceId,
    userIdSourceName: row.uidName ?? row.name,
    channels: settings.channels,
    columnMap: settings.columnMap,
    consentPurposes: settings.consentPurposes,
    defaultCurrency: settings.defaultCurrency,
  };
}

/** Sets (merges over the stored settings) how a source's events are read. Needs admin. */
export async function setEventSettings(
  db: Database,
  actor: Actor,
  input: SetEventSettingsInput,
): Promise<EventSettings> {
  assertActorCan(actor, "admin");
  const data = parseInput(setEventSettingsInput, input);
  const names = [data.sourceName, ...(data.userIdSource ? [data.userIdSource] : [])];
  const rows = await db
    .select({ id: sources.id, name: sources.name })
    .from(sources)
    .where(inArray(sources.name, names));
  const byName = new Map(rows.map((r) => [r.name, r.id]));
  const sourceId = byName.get(data.sourceName);
  if (!sourceId) throw new AppError("NOT_FOUND", `Source ${data.sourceName} does not exist.`);
  if (data.userIdSource && !byName.has(data.userIdSource))
    throw new AppError("NOT_FOUND", `Source ${data.userIdSource} (userIdSource) does not exist.`);
  if (data.consentPurposes) {
    const keys = [...new Set(Object.values(data.consentPurposes))];
    const known = keys.length
      ? await db
          .select({ key: consentPurposes.key })
          .from(consentPurposes)
          .where(inArray(consentPurposes.key, keys))
      : [];
    const missing = keys.filter((k) => !known.some((p) => p.key === k));
    if (missing.length)
      throw new AppError(
        "BAD_REQUEST",
        `Unknown consent purpose ${missing.join(", ")}: create it at /consent first.`,
      );
  }
  const current = await getEventSettings(db, sourceId);
  const { userIdSourceName: _name, ...stored } = current;
  const next = {
    ...stored,
    userIdSourceId:
      data.userIdSource === undefined
        ? current.userIdSourceId === sourceId
          ? null
          : current.userIdSourceId
        : data.userIdSource
          ? byName.get(data.userIdSource)!
          : null,
    channels: data.channels ?? current.channels,
    columnMap: data.columnMap ?? current.columnMap,
    consentPurposes: data.consentPurposes ?? current.consentPurposes,
    defaultCurrency: data.defaultCurrency === undefined ? current.defaultCurrency : data.defaultCurrency,
  };
  await db
    .insert(eventSourceSettings)
    .values({ sourceId, ...next })
    .onConflictDoUpdate({ target: eventSourceSettings.sourceId, set: next });
  await recordAudit(db, actor, {
    action: "events.settings",
    entityType: "source",
    entityId: sourceId,
    details: { source: data.sourceName, fields: Object.keys(input).filter((k) => k !== "sourceName") },
  });
  return getEventSettings(db, sourceId);
}
