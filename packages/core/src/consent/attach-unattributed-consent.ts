// Consent captured before its person had a golden profile (a newsletter signup ahead of the first order) waits in
// the ledger unattributed; when resolution creates or changes profiles, this attaches what now matches and brings
// the projection up to date, oldest event first so the latest decision ends up current.
import { type Database, inTransaction } from "@c360/db/client";
import { consentEvents } from "@c360/db/schema";
import { asc, eq, isNull } from "drizzle-orm";
import { applyEventToState } from "./record-consent-event";
import { attributeSubject } from "./attribute-subject";

export interface AttachResult {
  examined: number;
  attached: number;
}

/**
 * Call it after profiles were written (batch or real-time resolution, a seed), inside or outside the resolution's
 * transaction. It only reads unattributed events, so it is cheap when there are none; `limit` bounds one call.
 */
export async function attachUnattributedConsent(
  db: Database,
  options: { limit?: number } = {},
): Promise<AttachResult> {
  const waiting = await db
    .select()
    .from(consentEvents)
    .where(isNull(consentEvents.profileId))
    .orderBy(asc(consentEvents.effectiveAt), asc(consentEvents.id))
    .limit(options.limit ?? 10_000);
  let attached = 0;
  for (const event of waiting) {
    const profileId = await attributeSubject(db, { ...event.subjectIdentities, profileId: undefined }).catch(
      () => null,
    );
    if (!profileId) continue;
    await inTransaction(db, async (tx) => {
      // Only profile_id changes, which the ledger's append-only trigger allows.
      const [updated] = await tx
        .update(consentEvents)
        .set({ profileId })
        .where(eq(consentEvents.id, event.id))
        .returning();
      if (updated) await applyEventToState(tx, updated);
    });
    attached++;
  }
  return { examined: waiting.length, attached };
}
