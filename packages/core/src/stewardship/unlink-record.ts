// Unlinks a record a steward says does not belong: it leaves its profile for a new profile of its own.
import { type Database, inTransaction } from "@c360/db/client";
import { profiles } from "@c360/db/schema";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { refreshGoldenAttributes } from "../profiles/refresh-golden-attributes";
import { loadMemberships } from "./load-memberships";
import { assertProfileActive, lockProfiles } from "./lock-profiles";
import { parseInput } from "../parse-input";
import { captureProfileSnapshot } from "./profile-snapshot";
import { recordLabelledPairs, pairsChangedBetween } from "./record-labelled-pairs";
import { recordMergeEvent } from "./record-merge-event";
import { unlinkRecordInput, type UnlinkRecordInput } from "./stewardship-schemas";
import { bumpProfileVersions, moveRecordsBySteward } from "./write-membership";

export interface UnlinkRecordResult {
  eventId: string;
  profileId: string;
  newProfileId: string;
}

export async function unlinkRecord(
  db: Database,
  actor: Actor,
  input: UnlinkRecordInput,
): Promise<UnlinkRecordResult> {
  const data = parseInput(unlinkRecordInput, input);
  return inTransaction(db, async (tx) => {
    const profileId = (await loadMemberships(tx, [data.recordId])).get(data.recordId) ?? null;
    if (!profileId)
      throw new AppError(
        "BAD_REQUEST",
        `Record ${data.recordId} belongs to no profile; there is nothing to unlink it from.`,
      );
    assertProfileActive((await lockProfiles(tx, [profileId])).get(profileId)!);
    const before = await captureProfileSnapshot(tx, [profileId]);
    if (!before.members.some((m) => m.recordId === data.recordId)) {
      throw new AppError("CONFLICT", `Record ${data.recordId} moved while unlinking it; try again.`);
    }
    if (before.members.length === 1) {
      throw new AppError(
        "CONFLICT",
        `Record ${data.recordId} is already the only record of profile ${profileId}.`,
      );
    }
    const [created] = await tx.insert(profiles).values({}).returning({ id: profiles.id });
    const newProfileId = created!.id;
    await moveRecordsBySteward(tx, actor, [data.recordId], newProfileId);
    await refreshGoldenAttributes(tx, [profileId, newProfileId]);
    await bumpProfileVersions(tx, [profileId]);
    const after = await captureProfileSnapshot(tx, [profileId, newProfileId]);
    const event = await recordMergeEvent(tx, actor, {
      kind: "unlink",
      reason: data.reason,
      profileIds: [profileId, newProfileId],
      recordIds: [data.recordId],
      before,
      after,
    });
    await recordLabelledPairs(tx, actor, pairsChangedBetween(before, after));
    await recordAudit(tx, actor, {
      action: "stewardship.unlink",
      entityType: "profile",
      entityId: profileId,
      details: { mergeEventId: event.id, recordId: data.recordId, newProfileId },
    });
    return { eventId: event.id, profileId, newProfileId };
  });
}
