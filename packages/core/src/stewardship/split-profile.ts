// Splits a profile a steward says holds more than one person: the chosen records leave, together, for a new
// profile. Consent stays with the original profile: the ledger cannot tell which of the records gave it.
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
import { splitProfileInput, type SplitProfileInput } from "./stewardship-schemas";
import { bumpProfileVersions, moveRecordsBySteward } from "./write-membership";

export interface SplitProfileResult {
  eventId: string;
  profileId: string;
  newProfileId: string;
}

export async function splitProfile(
  db: Database,
  actor: Actor,
  input: SplitProfileInput,
): Promise<SplitProfileResult> {
  const data = parseInput(splitProfileInput, input);
  const recordIds = [...new Set(data.recordIds)].sort();
  return inTransaction(db, async (tx) => {
    const profile = (await lockProfiles(tx, [data.profileId])).get(data.profileId)!;
    assertProfileActive(profile);
    const memberships = await loadMemberships(tx, recordIds);
    const outsider = recordIds.find((id) => memberships.get(id) !== data.profileId);
    if (outsider) {
      throw new AppError(
        "BAD_REQUEST",
        `Record ${outsider} is not a member of profile ${data.profileId}; split only moves its own records.`,
        {
          recordId: outsider,
        },
      );
    }
    const before = await captureProfileSnapshot(tx, [data.profileId]);
    if (before.members.length === recordIds.length) {
      throw new AppError(
        "BAD_REQUEST",
        "A split must leave at least one record in the profile; choose fewer records.",
      );
    }
    const [created] = await tx.insert(profiles).values({}).returning({ id: profiles.id });
    const newProfileId = created!.id;
    await moveRecordsBySteward(tx, actor, recordIds, newProfileId);
    await refreshGoldenAttributes(tx, [data.profileId, newProfileId]);
    await bumpProfileVersions(tx, [data.profileId]);
    const after = await captureProfileSnapshot(tx, [data.profileId, newProfileId]);
    const event = await recordMergeEvent(tx, actor, {
      kind: "split",
      reason: data.reason,
      profileIds: [data.profileId, newProfileId],
      recordIds,
      before,
      after,
    });
    await recordLabelledPairs(tx, actor, pairsChangedBetween(before, after));
    await recordAudit(tx, actor, {
      action: "stewardship.split",
      entityType: "profile",
      entityId: data.profileId,
      details: { mergeEventId: event.id, newProfileId, movedRecords: recordIds.length },
    });
    return { eventId: event.id, profileId: data.profileId, newProfileId };
  });
}
