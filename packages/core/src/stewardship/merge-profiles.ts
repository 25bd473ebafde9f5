// Merges profiles a steward says are one person: the records of the others join the surviving profile, which
// takes over their consent; the others become redirects. One transaction, one merge event, undoable exactly.
import { type Database, inTransaction } from "@c360/db/client";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { refreshGoldenAttributes } from "../profiles/refresh-golden-attributes";
import { absorbProfile } from "./absorb-profile";
import { assertProfileActive, lockProfiles } from "./lock-profiles";
import { parseInput } from "../parse-input";
import { captureProfileSnapshot } from "./profile-snapshot";
import { recordLabelledPairs, pairsChangedBetween } from "./record-labelled-pairs";
import { recordMergeEvent } from "./record-merge-event";
import { mergeProfilesInput, type MergeProfilesInput } from "./stewardship-schemas";
import { bumpProfileVersions, moveRecordsBySteward } from "./write-membership";

export interface MergeProfilesResult {
  eventId: string;
  survivorId: string;
  mergedProfileIds: string[];
  movedRecordIds: string[];
}

export async function mergeProfiles(
  db: Database,
  actor: Actor,
  input: MergeProfilesInput,
): Promise<MergeProfilesResult> {
  const data = parseInput(mergeProfilesInput, input);
  return inTransaction(db, (tx) => mergeProfilesInTransaction(tx, actor, data));
}

/** The merge inside a caller's transaction (a review-task decision merges and closes the task atomically). */
export async function mergeProfilesInTransaction(
  tx: Database,
  actor: Actor,
  input: MergeProfilesInput,
): Promise<MergeProfilesResult> {
  const data = parseInput(mergeProfilesInput, input);
  const ids = [...new Set(data.profileIds)];
  if (ids.length < data.profileIds.length) {
    throw new AppError(
      "BAD_REQUEST",
      "A profile cannot be merged into itself: choose two or more different profiles.",
      {
        profileIds: data.profileIds,
      },
    );
  }
  if (data.survivorId && !ids.includes(data.survivorId)) {
    throw new AppError(
      "BAD_REQUEST",
      `The surviving profile ${data.survivorId} must be one of the profiles being merged.`,
    );
  }
  const locked = await lockProfiles(tx, ids);
  for (const profile of locked.values()) assertProfileActive(profile);
  // The oldest profile survives by default: its id is the one most likely already used in links and exports.
  const survivorId =
    data.survivorId ??
    [...locked.values()].sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1),
    )[0]!.id;
  const loserIds = ids.filter((id) => id !== survivorId).sort();

  const before = await captureProfileSnapshot(tx, ids);
  const movedRecordIds = before.members.filter((m) => m.profileId !== survivorId).map((m) => m.recordId);
  await moveRecordsBySteward(tx, actor, movedRecordIds, survivorId);
  for (const loserId of loserIds) await absorbProfile(tx, loserId, survivorId);
  await refreshGoldenAttributes(tx, ids);
  await bumpProfileVersions(tx, ids);
  const after = await captureProfileSnapshot(tx, ids);

  const event = await recordMergeEvent(tx, actor, {
    kind: "merge",
    reason: data.reason,
    profileIds: [survivorId, ...loserIds],
    recordIds: movedRecordIds,
    before,
    after,
    reviewTaskId: data.reviewTaskId ?? null,
  });
  await recordLabelledPairs(tx, actor, pairsChangedBetween(before, after), data.reviewTaskId ?? null);
  await recordAudit(tx, actor, {
    action: "stewardship.merge",
    entityType: "profile",
    entityId: survivorId,
    details: { mergeEventId: event.id, mergedProfileIds: loserIds, movedRecords: movedRecordIds.length },
  });
  return { eventId: event.id, survivorId, mergedProfileIds: loserIds, movedRecordIds };
}
