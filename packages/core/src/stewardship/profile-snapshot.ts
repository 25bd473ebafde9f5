// What a merge event keeps about the profiles it touched, so an undo can put them back exactly.
import type { Database } from "@c360/db/client";
import {
  consentEvents,
  consentState,
  goldenAttributes,
  goldenOverrides,
  interactions,
  profileMembers,
  profiles,
  relationships,
} from "@c360/db/schema";
import { and, asc, inArray, isNull, or } from "drizzle-orm";

/**
 * Plain JSON (times as ISO strings), the same in memory and in merge_events.before/after, so a snapshot taken
 * now can be compared with one read back from the database.
 */
export interface ProfileStateSnapshot {
  profiles: {
    id: string;
    status: "active" | "merged" | "erased";
    mergedIntoId: string | null;
    displayName: string | null;
    searchText: string;
    version: number;
  }[];
  /** Membership with the evidence of why each record joined. */
  members: {
    profileId: string;
    recordId: string;
    score: number | null;
    reason: "model" | "rule" | "steward" | "seed";
    matchedBy: string | null;
    joinedAt: string;
  }[];
  goldenAttributes: {
    profileId: string;
    attribute: string;
    value: unknown;
    sourceRecordId: string | null;
    rule: string;
    ruleDetail: Record<string, unknown>;
    decidedAt: string;
  }[];
  /** Steward overrides; absent from snapshots taken before overrides existed (read as none). */
  goldenOverrides?: {
    profileId: string;
    attribute: string;
    value: string;
    note: string;
    origin: string;
    setByUserId: string | null;
    setBy: string;
    setAt: string;
  }[];
  consentState: {
    profileId: string;
    purposeId: string;
    channel: string;
    status: "given" | "refused" | "withdrawn" | "expired";
    expiresAt: string | null;
    lastEventId: number | null;
    updatedAt: string;
  }[];
  /** Which ledger events were attributed to which of these profiles. */
  consentEvents: { id: number; profileId: string }[];
  /** Interactions attributed to a profile directly (no source record to recompute their attribution from). */
  interactionsWithoutRecord: { id: number; profileId: string }[];
  /** Relationships naming one of these profiles at either end; absent from snapshots taken before they were kept. */
  relationships?: {
    id: string;
    fromProfileId: string;
    toProfileId: string | null;
    accountName: string | null;
    kind: (typeof relationships.$inferSelect)["kind"];
    properties: Record<string, unknown>;
    createdAt: string;
  }[];
}

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

/** Reads the current state of the given profiles, in a stable order, inside the caller's transaction. */
export async function captureProfileSnapshot(
  tx: Database,
  profileIds: readonly string[],
): Promise<ProfileStateSnapshot> {
  const ids = [...new Set(profileIds)].sort();
  if (ids.length === 0) {
    return {
      profiles: [],
      members: [],
      goldenAttributes: [],
      goldenOverrides: [],
      consentState: [],
      consentEvents: [],
      interactionsWithoutRecord: [],
      relationships: [],
    };
  }
  const [
    profileRows,
    memberRows,
    goldenRows,
    overrideRows,
    stateRows,
    eventRows,
    interactionRows,
    relationshipRows,
  ] = await Promise.all([
    tx.select().from(profiles).where(inArray(profiles.id, ids)).orderBy(asc(profiles.id)),
    tx
      .select()
      .from(profileMembers)
      .where(inArray(profileMembers.profileId, ids))
      .orderBy(asc(profileMembers.recordId)),
    tx
      .select()
      .from(goldenAttributes)
      .where(inArray(goldenAttributes.profileId, ids))
      .orderBy(asc(goldenAttributes.profileId), asc(goldenAttributes.attribute)),
    tx
      .select()
      .from(goldenOverrides)
      .where(inArray(goldenOverrides.profileId, ids))
      .orderBy(asc(goldenOverrides.profileId), asc(goldenOverrides.attribute)),
    tx
      .select()
      .from(consentState)
      .where(inArray(consentState.profileId, ids))
      .orderBy(asc(consentState.profileId), asc(consentState.purposeId), asc(consentState.channel)),
    tx
      .select({ id: consentEvents.id, profileId: consentEvents.profileId })
      .from(consentEvents)
      .where(inArray(consentEvents.profileId, ids))
      .orderBy(asc(consentEvents.id)),
    tx
      .select({ id: interactions.id, profileId: interactions.profileId })
      .from(interactions)
      .where(and(inArray(interactions.profileId, ids), isNull(interactions.sourceRecordId)))
      .orderBy(asc(interactions.id)),
    tx
      .select()
      .from(relationships)
      .where(or(inArray(relationships.fromProfileId, ids), inArray(relationships.toProfileId, ids)))
      .orderBy(asc(relationships.id)),
  ]);
  return {
    profiles: profileRows.map((p) => ({
      id: p.id,
      status: p.status,
      mergedIntoId: p.mergedIntoId,
      displayName: p.displayName,
      searchText: p.searchText,
      version: p.version,
    })),
    members: memberRows.map((m) => ({ ...m, joinedAt: iso(m.joinedAt) })),
    goldenAttributes: goldenRows.map((g) => ({
      ...g,
      ruleDetail: g.ruleDetail,
      decidedAt: iso(g.decidedAt),
    })),
    goldenOverrides: overrideRows.map((o) => ({ ...o, setAt: iso(o.setAt) })),
    consentState: stateRows.map((s) => ({
      ...s,
      expiresAt: isoOrNull(s.expiresAt),
      updatedAt: iso(s.updatedAt),
    })),
    consentEvents: eventRows.map((e) => ({ id: e.id, profileId: e.profileId! })),
    interactionsWithoutRecord: interactionRows.map((i) => ({ id: i.id, profileId: i.profileId! })),
    relationships: relationshipRows.map((r) => ({ ...r, createdAt: iso(r.createdAt) })),
  };
}
