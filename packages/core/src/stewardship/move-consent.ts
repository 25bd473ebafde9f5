// Consent follows identity: when one profile is absorbed into another, its ledger events and current consent go
// with it, and where both hold a state for the same purpose and channel the most restrictive one stays. A state of
// the survivor that changes so fires its consent triggers.
import type { Database } from "@c360/db/client";
import { consentEvents, consentState } from "@c360/db/schema";
import { and, eq } from "drizzle-orm";
import {
  effectiveConsentStatus,
  enqueueConsentChangeTriggers,
} from "../triggers/enqueue-profile-change-triggers";

type ConsentStateRow = typeof consentState.$inferSelect;

/**
 * True when a is more restrictive than b. Anything but "given" (refused, withdrawn, expired) beats "given": a
 * person who said no through one identity has not said yes. Between two refusals the later event stands; between
 * two consents the one that expires first, since the other was not given for longer.
 */
export function isMoreRestrictive(a: ConsentStateRow, b: ConsentStateRow): boolean {
  const aGiven = a.status === "given";
  const bGiven = b.status === "given";
  if (aGiven !== bGiven) return !aGiven;
  if (!aGiven) return (a.lastEventId ?? 0) > (b.lastEventId ?? 0);
  const aExpires = a.expiresAt?.getTime() ?? Infinity;
  const bExpires = b.expiresAt?.getTime() ?? Infinity;
  return aExpires < bExpires;
}

/** Re-points the ledger (only profile_id changes, which the append-only trigger allows) and merges the projection. */
export async function moveConsent(tx: Database, fromProfileId: string, toProfileId: string): Promise<void> {
  await tx
    .update(consentEvents)
    .set({ profileId: toProfileId })
    .where(eq(consentEvents.profileId, fromProfileId));
  const moving = await tx.select().from(consentState).where(eq(consentState.profileId, fromProfileId));
  if (moving.length === 0) return;
  const staying = await tx.select().from(consentState).where(eq(consentState.profileId, toProfileId));
  const keyOf = (row: ConsentStateRow) => `${row.purposeId}\u0000${row.channel}`;
  const stayingByKey = new Map(staying.map((row) => [keyOf(row), row]));
  await tx.delete(consentState).where(eq(consentState.profileId, fromProfileId));
  // The survivor's states that change here fire its consent triggers, as a ledger event would (decision 2201).
  const changes: Parameters<typeof enqueueConsentChangeTriggers>[1][number][] = [];
  const changeOf = (row: ConsentStateRow, before: ConsentStateRow | undefined) => ({
    profileId: toProfileId,
    purposeId: row.purposeId,
    channel: row.channel,
    before: before ? effectiveConsentStatus(before.status, before.expiresAt) : null,
    after: effectiveConsentStatus(row.status, row.expiresAt),
    consentEventId: row.lastEventId,
    via: "merge" as const,
  });
  for (const row of moving) {
    const existing = stayingByKey.get(keyOf(row));
    if (!existing) {
      await tx.insert(consentState).values({ ...row, profileId: toProfileId });
      changes.push(changeOf(row, undefined));
    } else if (isMoreRestrictive(row, existing)) {
      changes.push(changeOf(row, existing));
      await tx
        .update(consentState)
        .set({ status: row.status, expiresAt: row.expiresAt, lastEventId: row.lastEventId })
        .where(
          and(
            eq(consentState.profileId, toProfileId),
            eq(consentState.purposeId, row.purposeId),
            eq(consentState.channel, row.channel),
          ),
        );
    }
  }
  await enqueueConsentChangeTriggers(tx, changes);
}
