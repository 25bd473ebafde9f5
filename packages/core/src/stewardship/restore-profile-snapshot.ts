// Puts profiles back into a snapshot's state: membership (with score, reason, matcher and time), golden values and
// steward overrides, profile status and redirects, consent attribution and state, relationships. The inverse of a
// steward action.
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
  sourceRecords,
} from "@c360/db/schema";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { ProfileStateSnapshot } from "./profile-snapshot";
import { writeMembership } from "./write-membership";

export interface RestoreOptions {
  /**
   * Consent keys ("profileId purposeId channel") recorded since the action: their current state is newer than
   * the snapshot, so it stays as it is.
   */
  keepConsentKeys: ReadonlySet<string>;
  /** Ledger events recorded since the action: they stay attributed where they are. */
  keepConsentEventIds: ReadonlySet<number>;
}

export const consentKey = (profileId: string, purposeId: string, channel: string) =>
  `${profileId} ${purposeId} ${channel}`;

/**
 * Restores `before` over profiles currently in the `after` state. Profiles the action created (in after, not in
 * before) end as redirects to the profile their records returned to: their id may already be in use.
 */
export async function restoreProfileSnapshot(
  tx: Database,
  before: ProfileStateSnapshot,
  after: ProfileStateSnapshot,
  options: RestoreOptions,
): Promise<string[]> {
  const beforeIds = new Set(before.profiles.map((p) => p.id));
  const affected = [...new Set([...beforeIds, ...after.profiles.map((p) => p.id)])].sort();

  // Membership: every record of either state goes back where `before` had it, with its original evidence.
  await writeMembership(
    tx,
    before.members.map((m) => ({ ...m, joinedAt: new Date(m.joinedAt) })),
  );
  const beforeRecords = new Set(before.members.map((m) => m.recordId));
  const strays = after.members.filter((m) => !beforeRecords.has(m.recordId)).map((m) => m.recordId);
  if (strays.length > 0) {
    // Records the action linked in from no profile at all go back to belonging nowhere.
    await tx.delete(profileMembers).where(inArray(profileMembers.recordId, strays));
    await tx.update(sourceRecords).set({ profileId: null }).where(inArray(sourceRecords.id, strays));
    await tx
      .update(interactions)
      .set({ profileId: null })
      .where(inArray(interactions.sourceRecordId, strays));
  }

  // Profiles: status, redirect, names as they were. version and updated_at move forward: an undo is a change
  // too, and a client still holding the merged version must not overwrite the restored profile.
  for (const profile of before.profiles) {
    await tx
      .update(profiles)
      .set({
        status: profile.status,
        mergedIntoId: profile.mergedIntoId,
        displayName: profile.displayName,
        searchText: profile.searchText,
        version: sql`${profiles.version} + 1`,
      })
      .where(eq(profiles.id, profile.id));
  }
  const created = after.profiles.filter((p) => !beforeIds.has(p.id));
  for (const profile of created) {
    const origin = after.members.find((m) => m.profileId === profile.id);
    const home =
      (origin && before.members.find((m) => m.recordId === origin.recordId)?.profileId) ??
      before.profiles[0]!.id;
    await tx
      .update(profiles)
      .set({
        status: "merged",
        mergedIntoId: home,
        displayName: null,
        searchText: "",
        version: sql`${profiles.version} + 1`,
      })
      .where(eq(profiles.id, profile.id));
  }

  // Golden values exactly as they were, provenance and decision time included.
  await tx.delete(goldenAttributes).where(inArray(goldenAttributes.profileId, affected));
  if (before.goldenAttributes.length > 0) {
    await tx
      .insert(goldenAttributes)
      .values(before.goldenAttributes.map((g) => ({ ...g, decidedAt: new Date(g.decidedAt) })));
  }

  // Steward overrides exactly as they were, each on the profile it was set on, with who set it and when.
  await tx.delete(goldenOverrides).where(inArray(goldenOverrides.profileId, affected));
  const overrides = before.goldenOverrides ?? [];
  if (overrides.length > 0) {
    await tx.insert(goldenOverrides).values(overrides.map((o) => ({ ...o, setAt: new Date(o.setAt) })));
  }

  // Consent: the ledger's attribution first, then the projection, keeping whatever was recorded since.
  const repoint = before.consentEvents.filter((e) => !options.keepConsentEventIds.has(e.id));
  if (repoint.length > 0) {
    await tx.execute(sql`
      update ${consentEvents} set profile_id = v.profile_id
      from jsonb_to_recordset(${JSON.stringify(repoint.map((e) => ({ id: e.id, profile_id: e.profileId })))}::jsonb)
        as v(id bigint, profile_id uuid)
      where ${consentEvents.id} = v.id and ${consentEvents.profileId} is distinct from v.profile_id`);
  }
  const currentState = await tx.select().from(consentState).where(inArray(consentState.profileId, affected));
  for (const row of currentState) {
    if (options.keepConsentKeys.has(consentKey(row.profileId, row.purposeId, row.channel))) continue;
    await tx
      .delete(consentState)
      .where(
        and(
          eq(consentState.profileId, row.profileId),
          eq(consentState.purposeId, row.purposeId),
          eq(consentState.channel, row.channel),
        ),
      );
  }
  const restoredState = before.consentState.filter(
    (s) => !options.keepConsentKeys.has(consentKey(s.profileId, s.purposeId, s.channel)),
  );
  if (restoredState.length > 0) {
    await tx.insert(consentState).values(
      restoredState.map((s) => ({
        ...s,
        expiresAt: s.expiresAt ? new Date(s.expiresAt) : null,
        updatedAt: new Date(s.updatedAt),
      })),
    );
  }

  // Relationships as they were: those the action moved or dropped come back with their ids; any recorded since the
  // action stay, and win over a restored copy of the same relationship.
  if (before.relationships && after.relationships) {
    const touched = after.relationships.map((r) => r.id);
    if (touched.length > 0) await tx.delete(relationships).where(inArray(relationships.id, touched));
    if (before.relationships.length > 0) {
      await tx
        .insert(relationships)
        .values(before.relationships.map((r) => ({ ...r, createdAt: new Date(r.createdAt) })))
        .onConflictDoNothing();
    }
  }

  // Interactions attributed to a profile directly go back to it (those with a record followed their record above).
  for (const row of before.interactionsWithoutRecord) {
    await tx.update(interactions).set({ profileId: row.profileId }).where(eq(interactions.id, row.id));
  }
  return affected;
}
