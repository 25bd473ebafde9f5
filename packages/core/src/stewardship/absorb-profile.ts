// Retires a profile into another once its records have moved: it becomes a redirect (status merged), and what
// hangs on the profile itself rather than on its records (consent, relationships, steward overrides, directly
// attributed interactions) moves too.
import type { Database } from "@c360/db/client";
import { interactions, profiles } from "@c360/db/schema";
import { and, eq, isNull } from "drizzle-orm";
import { moveStewardOverrides } from "../profiles/move-steward-overrides";
import { moveConsent } from "./move-consent";
import { moveRelationships } from "./move-relationships";

export async function absorbProfile(tx: Database, loserId: string, survivorId: string): Promise<void> {
  await moveConsent(tx, loserId, survivorId);
  await moveStewardOverrides(tx, [{ from: loserId, to: survivorId }]);
  await moveRelationships(tx, [{ loserId, survivorId }]);
  await tx
    .update(interactions)
    .set({ profileId: survivorId })
    .where(and(eq(interactions.profileId, loserId), isNull(interactions.sourceRecordId)));
  // Kept as a redirect rather than deleted: links, exports and tasks that name the old id still lead somewhere.
  await tx
    .update(profiles)
    .set({ status: "merged", mergedIntoId: survivorId })
    .where(eq(profiles.id, loserId));
}
