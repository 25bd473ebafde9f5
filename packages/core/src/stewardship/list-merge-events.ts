// The stewardship history of a profile: every merge, split, link, unlink and undo that touched it, newest first,
// without the snapshots (they hold personal data and are only needed to undo).
import type { Database } from "@c360/db/client";
import { mergeEvents } from "@c360/db/schema";
import { arrayContains, desc, sql } from "drizzle-orm";
import { parseInput } from "../parse-input";
import { listMergeEventsInput, type ListMergeEventsInput } from "./stewardship-schemas";

export async function listMergeEvents(db: Database, input: ListMergeEventsInput) {
  const data = parseInput(listMergeEventsInput, input);
  return db
    .select({
      id: mergeEvents.id,
      kind: mergeEvents.kind,
      actorLabel: mergeEvents.actorLabel,
      reason: mergeEvents.reason,
      profileIds: mergeEvents.profileIds,
      recordIds: mergeEvents.recordIds,
      undoesEventId: mergeEvents.undoesEventId,
      reviewTaskId: mergeEvents.reviewTaskId,
      createdAt: mergeEvents.createdAt,
      // merge_events.id in full: drizzle leaves a one-table select's columns unqualified, which here meant u.id.
      undoneByEventId: sql<
        string | null
      >`(select u.id from merge_events u where u.undoes_event_id = merge_events.id limit 1)`,
    })
    .from(mergeEvents)
    .where(arrayContains(mergeEvents.profileIds, [data.profileId]))
    .orderBy(desc(mergeEvents.createdAt))
    .limit(data.limit);
}
