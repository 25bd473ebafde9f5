// Writes membership the one way c360 allows: profile_members and source_records.profile_id together, with the
// attribution of the records' interactions following, all in the caller's transaction.
import type { Database } from "@c360/db/client";
import { interactions, profileMembers, profiles, sourceRecords } from "@c360/db/schema";
import { inArray, sql } from "drizzle-orm";
import type { Actor } from "../actor";

export interface MembershipRow {
  profileId: string;
  recordId: string;
  score: number | null;
  reason: "model" | "rule" | "steward" | "seed";
  matchedBy: string | null;
  joinedAt: Date;
}

/** Replaces the membership of exactly these records (each row says where its record belongs now). */
export async function writeMembership(tx: Database, rows: readonly MembershipRow[]): Promise<void> {
  if (rows.length === 0) return;
  const recordIds = rows.map((r) => r.recordId);
  await tx.delete(profileMembers).where(inArray(profileMembers.recordId, recordIds));
  await tx.insert(profileMembers).values([...rows]);
  const pairs = JSON.stringify(rows.map((r) => ({ record_id: r.recordId, profile_id: r.profileId })));
  await tx.execute(sql`
    update ${sourceRecords} set profile_id = v.profile_id
    from jsonb_to_recordset(${pairs}::jsonb) as v(record_id uuid, profile_id uuid)
    where ${sourceRecords.id} = v.record_id`);
  // Interactions are attributed through their record (schema: "recomputable from the source record").
  await tx.execute(sql`
    update ${interactions} set profile_id = v.profile_id
    from jsonb_to_recordset(${pairs}::jsonb) as v(record_id uuid, profile_id uuid)
    where ${interactions.sourceRecordId} = v.record_id and ${interactions.profileId} is distinct from v.profile_id`);
}

/** Moves records into a profile as the steward's decision: the model's score no longer explains why they are there. */
export async function moveRecordsBySteward(
  tx: Database,
  actor: Actor,
  recordIds: readonly string[],
  profileId: string,
): Promise<void> {
  const joinedAt = new Date();
  await writeMembership(
    tx,
    recordIds.map((recordId) => ({
      profileId,
      recordId,
      score: null,
      reason: "steward",
      matchedBy: actor.label,
      joinedAt,
    })),
  );
}

/** Bumps the version of profiles a steward action changed (optimistic concurrency for the portal and resolver). */
export async function bumpProfileVersions(tx: Database, profileIds: readonly string[]): Promise<void> {
  if (profileIds.length === 0) return;
  await tx
    .update(profiles)
    .set({ version: sql`${profiles.version} + 1` })
    .where(inArray(profiles.id, [...profileIds]));
}
