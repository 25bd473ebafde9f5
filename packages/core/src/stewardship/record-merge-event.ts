// Appends the merge event of a steward action: who, why, what it touched and the before/after needed to undo it.
// Every steward change passes here, so here its profiles are NOTIFYed to open profile pages (sent on commit), and
// a merge fires the merge triggers (decision 2201).
import type { Database } from "@c360/db/client";
import { mergeEvents } from "@c360/db/schema";
import type { Actor } from "../actor";
import { notifyProfileChanges } from "../profiles/notify-profile-changes";
import { enqueueMergeTriggers } from "../triggers/enqueue-profile-change-triggers";
import type { ProfileStateSnapshot } from "./profile-snapshot";

export interface MergeEventInput {
  kind: "merge" | "unmerge" | "split" | "link" | "unlink";
  reason: string;
  profileIds: readonly string[];
  recordIds: readonly string[];
  before: ProfileStateSnapshot;
  after: ProfileStateSnapshot;
  undoesEventId?: string | null;
  reviewTaskId?: string | null;
}

export async function recordMergeEvent(
  tx: Database,
  actor: Actor,
  input: MergeEventInput,
): Promise<{ id: string; createdAt: Date }> {
  const [event] = await tx
    .insert(mergeEvents)
    .values({
      kind: input.kind,
      actorUserId: actor.userId,
      actorLabel: actor.label,
      reason: input.reason,
      profileIds: [...input.profileIds],
      recordIds: [...input.recordIds],
      before: input.before as unknown as Record<string, unknown>,
      after: input.after as unknown as Record<string, unknown>,
      undoesEventId: input.undoesEventId ?? null,
      reviewTaskId: input.reviewTaskId ?? null,
    })
    .returning({ id: mergeEvents.id, createdAt: mergeEvents.createdAt });
  // A merge fires the merge triggers for the surviving profile (listed first), in this transaction (decision 2201).
  if (input.kind === "merge" && input.profileIds.length > 1)
    await enqueueMergeTriggers(tx, {
      survivorId: input.profileIds[0]!,
      mergedProfileIds: input.profileIds.slice(1),
      mergeEventId: event!.id,
      reason: input.reason,
    });
  // A page open on a retired profile hears it too, and reloads onto the profile it now redirects to.
  await notifyProfileChanges(tx, [
    ...input.profileIds,
    ...input.before.profiles.map((p) => p.id),
    ...input.after.profiles.map((p) => p.id),
  ]);
  return event!;
}
