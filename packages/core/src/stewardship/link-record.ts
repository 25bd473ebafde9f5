// Links a record into a profile by a steward's decision. The record leaves its current profile; a profile left
// without records is retired into the target (its consent follows, as in a merge).
import { type Database, inTransaction } from "@c360/db/client";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { refreshGoldenAttributes } from "../profiles/refresh-golden-attributes";
import { absorbProfile } from "./absorb-profile";
import { loadMemberships } from "./load-memberships";
import { assertProfileActive, lockProfiles } from "./lock-profiles";
import { parseInput } from "../parse-input";
import { captureProfileSnapshot } from "./profile-snapshot";
import { recordLabelledPairs, pairsChangedBetween } from "./record-labelled-pairs";
import { recordMergeEvent } from "./record-merge-event";
import { linkRecordInput, type LinkRecordInput } from "./stewardship-schemas";
import { bumpProfileVersions, moveRecordsBySteward } from "./write-membership";

export interface LinkRecordResult {
  eventId: string;
  profileId: string;
  /** The profile the record came from, if any; retiredProfile says whether it was left empty and retired. */
  fromProfileId: string | null;
  retiredProfile: boolean;
}

export async function linkRecord(
  db: Database,
  actor: Actor,
  input: LinkRecordInput,
): Promise<LinkRecordResult> {
  const data = parseInput(linkRecordInput, input);
  return inTransaction(db, async (tx) => {
    const fromProfileId = (await loadMemberships(tx, [data.recordId])).get(data.recordId) ?? null;
    if (fromProfileId === data.profileId) {
      throw new AppError(
        "CONFLICT",
        `Record ${data.recordId} is already a member of profile ${data.profileId}.`,
      );
    }
    const profileIds = fromProfileId ? [data.profileId, fromProfileId] : [data.profileId];
    const locked = await lockProfiles(tx, profileIds);
    assertProfileActive(locked.get(data.profileId)!);
    // Membership may have changed between the first read and the lock.
    if ((await loadMemberships(tx, [data.recordId])).get(data.recordId) !== fromProfileId) {
      throw new AppError("CONFLICT", `Record ${data.recordId} moved while linking it; try again.`);
    }
    const before = await captureProfileSnapshot(tx, profileIds);
    await moveRecordsBySteward(tx, actor, [data.recordId], data.profileId);
    const retiredProfile =
      fromProfileId !== null &&
      !before.members.some((m) => m.profileId === fromProfileId && m.recordId !== data.recordId);
    if (retiredProfile) await absorbProfile(tx, fromProfileId, data.profileId);
    await refreshGoldenAttributes(tx, profileIds);
    await bumpProfileVersions(tx, profileIds);
    const after = await captureProfileSnapshot(tx, profileIds);
    const event = await recordMergeEvent(tx, actor, {
      kind: "link",
      reason: data.reason,
      profileIds,
      recordIds: [data.recordId],
      before,
      after,
    });
    await recordLabelledPairs(tx, actor, pairsChangedBetween(before, after));
    await recordAudit(tx, actor, {
      action: "stewardship.link",
      entityType: "profile",
      entityId: data.profileId,
      details: { mergeEventId: event.id, recordId: data.recordId, fromProfileId, retiredProfile },
    });
    return { eventId: event.id, profileId: data.profileId, fromProfileId, retiredProfile };
  });
}
