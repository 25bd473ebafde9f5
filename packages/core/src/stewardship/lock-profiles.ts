// Loads and row-locks the profiles a steward action changes, so two stewards (or a steward and the resolver)
// cannot interleave changes to the same profiles.
import type { Database } from "@c360/db/client";
import { profiles } from "@c360/db/schema";
import { asc, inArray } from "drizzle-orm";
import { AppError, notFound } from "../errors";

export type ProfileRow = typeof profiles.$inferSelect;

/** Locks in id order (no deadlock between two actions on the same profiles); NOT_FOUND names the first missing id. */
export async function lockProfiles(
  tx: Database,
  profileIds: readonly string[],
): Promise<Map<string, ProfileRow>> {
  const ids = [...new Set(profileIds)].sort();
  const rows = await tx
    .select()
    .from(profiles)
    .where(inArray(profiles.id, ids))
    .orderBy(asc(profiles.id))
    .for("update");
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = ids.find((id) => !byId.has(id));
  if (missing) throw notFound("Profile", missing);
  return byId;
}

/** Refuses to change a profile that is no longer a live golden record, and says where to go instead. */
export function assertProfileActive(profile: ProfileRow): void {
  if (profile.status === "merged") {
    throw new AppError(
      "CONFLICT",
      `Profile ${profile.id} has been merged into ${profile.mergedIntoId}; act on ${profile.mergedIntoId} instead.`,
      { profileId: profile.id, mergedIntoId: profile.mergedIntoId },
    );
  }
  if (profile.status === "erased") {
    throw new AppError("CONFLICT", `Profile ${profile.id} was erased on request and cannot be changed.`, {
      profileId: profile.id,
    });
  }
}
