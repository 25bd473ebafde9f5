// Turns a steward's decision into labelled pairs the model trains on: records brought together are matches,
// records pulled apart are not.
import type { Database } from "@c360/db/client";
import { labelledPairs } from "@c360/db/schema";
import { sql } from "drizzle-orm";
import type { Actor } from "../actor";
import type { ProfileStateSnapshot } from "./profile-snapshot";

// A decision about two very large profiles would label hundreds of thousands of pairs; the first ones carry the
// information, the rest would only slow the steward's transaction down.
const MAX_PAIRS_PER_DECISION = 10_000;
const ROWS_PER_INSERT = 1000;

export interface LabelledPair {
  recordAId: string;
  recordBId: string;
  isMatch: boolean;
}

/** Pairs whose togetherness changed between two snapshots: together only after -> match, only before -> non-match. */
export function pairsChangedBetween(
  before: ProfileStateSnapshot,
  after: ProfileStateSnapshot,
): LabelledPair[] {
  const profileBefore = new Map(before.members.map((m) => [m.recordId, m.profileId]));
  const profileAfter = new Map(after.members.map((m) => [m.recordId, m.profileId]));
  const records = [...new Set([...profileBefore.keys(), ...profileAfter.keys()])].sort();
  const pairs: LabelledPair[] = [];
  for (let i = 0; i < records.length && pairs.length < MAX_PAIRS_PER_DECISION; i++) {
    for (let j = i + 1; j < records.length && pairs.length < MAX_PAIRS_PER_DECISION; j++) {
      const a = records[i]!;
      const b = records[j]!;
      const togetherBefore = profileBefore.has(a) && profileBefore.get(a) === profileBefore.get(b);
      const togetherAfter = profileAfter.has(a) && profileAfter.get(a) === profileAfter.get(b);
      if (togetherBefore !== togetherAfter)
        pairs.push({ recordAId: a, recordBId: b, isMatch: togetherAfter });
    }
  }
  return pairs;
}

/** Every pair of the given records, with one label (a review task's decision about its records). */
export function allPairsOf(recordIds: readonly string[], isMatch: boolean): LabelledPair[] {
  const records = [...new Set(recordIds)].sort();
  const pairs: LabelledPair[] = [];
  for (let i = 0; i < records.length; i++) {
    for (let j = i + 1; j < records.length; j++)
      pairs.push({ recordAId: records[i]!, recordBId: records[j]!, isMatch });
  }
  return pairs.slice(0, MAX_PAIRS_PER_DECISION);
}

/** Stores the pairs (lower id first, as the table requires); a later steward decision replaces an earlier label. */
export async function recordLabelledPairs(
  tx: Database,
  actor: Actor,
  pairs: readonly LabelledPair[],
  reviewTaskId: string | null = null,
): Promise<void> {
  const rows = pairs
    .filter((p) => p.recordAId !== p.recordBId)
    .map((p) => {
      const [recordAId, recordBId] =
        p.recordAId < p.recordBId ? [p.recordAId, p.recordBId] : [p.recordBId, p.recordAId];
      return {
        recordAId,
        recordBId,
        isMatch: p.isMatch,
        source: "steward" as const,
        decidedById: actor.userId,
        reviewTaskId,
      };
    });
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await tx
      .insert(labelledPairs)
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .onConflictDoUpdate({
        target: [labelledPairs.recordAId, labelledPairs.recordBId],
        set: {
          isMatch: sql`excluded.is_match`,
          source: sql`excluded.source`,
          decidedById: sql`excluded.decided_by_id`,
          reviewTaskId: sql`excluded.review_task_id`,
          createdAt: sql`now()`,
        },
      });
  }
}
