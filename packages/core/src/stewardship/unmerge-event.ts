// Undoes a steward action (merge, split, link or unlink) exactly: the profiles it touched go back to the state
// its merge event captured before it, provided nothing has changed them since in a way that state cannot absorb.
import { type Database, inTransaction } from "@c360/db/client";
import { consentEvents, mergeEvents } from "@c360/db/schema";
import { and, arrayOverlaps, asc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { AppError, notFound } from "../errors";
import { lockProfiles } from "./lock-profiles";
import { parseInput } from "../parse-input";
import { captureProfileSnapshot, type ProfileStateSnapshot } from "./profile-snapshot";
import { recordLabelledPairs, pairsChangedBetween } from "./record-labelled-pairs";
import { recordMergeEvent } from "./record-merge-event";
import { consentKey, restoreProfileSnapshot } from "./restore-profile-snapshot";
import { unmergeEventInput, type UnmergeEventInput } from "./stewardship-schemas";

export interface UnmergeEventResult {
  eventId: string;
  undoneEventId: string;
  profileIds: string[];
}

const membershipOf = (snapshot: ProfileStateSnapshot) =>
  snapshot.members
    .map((m) => `${m.recordId}>${m.profileId}`)
    .sort()
    .join(",");

const overridesOf = (snapshot: ProfileStateSnapshot) =>
  (snapshot.goldenOverrides ?? [])
    .map((o) => `${o.profileId}>${o.attribute}>${o.setAt}`)
    .sort()
    .join(",");

/** Names what differs between the state the event left and the state now, or null when they agree. */
function describeDrift(expected: ProfileStateSnapshot, current: ProfileStateSnapshot): string | null {
  for (const profile of expected.profiles) {
    const now = current.profiles.find((p) => p.id === profile.id);
    if (!now) return `profile ${profile.id} no longer exists`;
    if (now.status !== profile.status || now.mergedIntoId !== profile.mergedIntoId) {
      return `profile ${profile.id} is now ${now.status}${now.mergedIntoId ? ` into ${now.mergedIntoId}` : ""}`;
    }
  }
  if (membershipOf(expected) !== membershipOf(current)) {
    return "records have joined or left these profiles since (by resolution or another steward)";
  }
  // The undo puts back the overrides of before the event: one set or cleared since would be silently lost.
  if (overridesOf(expected) !== overridesOf(current)) {
    return "a golden value was overridden or an override cleared on these profiles since: put it back as it was first";
  }
  return null;
}

export async function unmergeEvent(
  db: Database,
  actor: Actor,
  input: UnmergeEventInput,
): Promise<UnmergeEventResult> {
  const data = parseInput(unmergeEventInput, input);
  return inTransaction(db, async (tx) => {
    const [event] = await tx.select().from(mergeEvents).where(eq(mergeEvents.id, data.eventId)).for("update");
    if (!event) throw notFound("Merge event", data.eventId);
    if (event.undoesEventId) {
      throw new AppError(
        "BAD_REQUEST",
        `Merge event ${event.id} is itself an undo (of ${event.undoesEventId}); make the change again instead of undoing the undo.`,
      );
    }
    const [undo] = await tx
      .select()
      .from(mergeEvents)
      .where(eq(mergeEvents.undoesEventId, event.id))
      .limit(1);
    if (undo) {
      throw new AppError(
        "CONFLICT",
        `Merge event ${event.id} was already undone by event ${undo.id} (${undo.actorLabel}, ${undo.createdAt.toISOString()}).`,
        {
          undoneByEventId: undo.id,
        },
      );
    }
    const before = event.before as unknown as ProfileStateSnapshot;
    const after = event.after as unknown as ProfileStateSnapshot;
    const afterIds = after.profiles.map((p) => p.id);
    await lockProfiles(tx, [...afterIds, ...before.profiles.map((p) => p.id)]);

    // Later actions on the same profiles must be undone first, newest first, or this restore would erase them.
    const later = await tx
      .select({ id: mergeEvents.id, kind: mergeEvents.kind, createdAt: mergeEvents.createdAt })
      .from(mergeEvents)
      .where(
        and(
          arrayOverlaps(mergeEvents.profileIds, afterIds),
          ne(mergeEvents.id, event.id),
          isNull(mergeEvents.undoesEventId),
          sql`${mergeEvents.createdAt} > (select created_at from merge_events where id = ${event.id})`,
          sql`not exists (select 1 from merge_events u where u.undoes_event_id = ${mergeEvents.id})`,
        ),
      )
      .orderBy(asc(mergeEvents.createdAt));
    if (later.length > 0) {
      const list = later.map((e) => `${e.kind} ${e.id} (${e.createdAt.toISOString()})`).join(", ");
      throw new AppError(
        "CONFLICT",
        `These profiles changed after event ${event.id}: undo ${list} first, newest first.`,
        {
          laterEventIds: later.map((e) => e.id),
        },
      );
    }
    const current = await captureProfileSnapshot(tx, afterIds);
    const drift = describeDrift(after, current);
    if (drift) {
      throw new AppError(
        "CONFLICT",
        `Event ${event.id} cannot be undone exactly: ${drift}. Merge or split the profiles by hand instead.`,
      );
    }

    // Consent recorded since the action stays where it was recorded; a profile the undo retires must have none.
    const knownEventIds = new Set([...after.consentEvents, ...before.consentEvents].map((e) => e.id));
    const newEventIds = current.consentEvents.filter((e) => !knownEventIds.has(e.id)).map((e) => e.id);
    const newEvents = newEventIds.length
      ? await tx
          .select({
            id: consentEvents.id,
            profileId: consentEvents.profileId,
            purposeId: consentEvents.purposeId,
            channel: consentEvents.channel,
          })
          .from(consentEvents)
          .where(inArray(consentEvents.id, newEventIds))
      : [];
    const createdIds = new Set(afterIds.filter((id) => !before.profiles.some((p) => p.id === id)));
    const stranded = newEvents.find((e) => e.profileId && createdIds.has(e.profileId));
    if (stranded) {
      throw new AppError(
        "CONFLICT",
        `Consent was recorded for profile ${stranded.profileId} after event ${event.id}; undoing would leave it without its profile. Move the records by hand instead.`,
      );
    }

    const affected = await restoreProfileSnapshot(tx, before, after, {
      keepConsentKeys: new Set(newEvents.map((e) => consentKey(e.profileId!, e.purposeId, e.channel))),
      keepConsentEventIds: new Set(newEventIds),
    });
    const restored = await captureProfileSnapshot(tx, affected);
    const undoEvent = await recordMergeEvent(tx, actor, {
      kind: "unmerge",
      reason: data.reason,
      profileIds: affected,
      recordIds: event.recordIds,
      before: current,
      after: restored,
      undoesEventId: event.id,
    });
    await recordLabelledPairs(tx, actor, pairsChangedBetween(current, restored));
    await recordAudit(tx, actor, {
      action: "stewardship.unmerge",
      entityType: "merge_event",
      entityId: event.id,
      details: { undoEventId: undoEvent.id, undoneKind: event.kind, profileIds: affected },
    });
    return { eventId: undoEvent.id, undoneEventId: event.id, profileIds: affected };
  });
}
