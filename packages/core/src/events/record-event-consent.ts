// Consent carried on a message (Segment's context.consent.categoryPreferences, the Global Privacy Control signal)
// recorded in the consent ledger, with the message as proof, through the source's category -> purpose mapping.
// Categories the source did not map are not guessed at.
import type { Database } from "@c360/db/client";
import type { Actor } from "../actor";
import type { ConsentSubjectInput } from "../consent/consent-schemas";
import { recordConsentEvent } from "../consent/record-consent-event";
import { recordGpcOptOut } from "../consent/record-gpc-opt-out";
import type { EventSettings } from "./event-settings";
import type { EventSource } from "./ingest-events";
import type { ParsedEvent } from "./parse-event-message";

export interface ConsentOnEvent {
  event: ParsedEvent;
  /** The profile the event was attributed to, if any. */
  profileId: string | null;
}

/** The subject of a message's consent: its profile, else the identities it carried (attached later by the ledger). */
function subjectOf(item: ConsentOnEvent, uidSourceName: string): ConsentSubjectInput | null {
  if (item.profileId) return { profileId: item.profileId };
  const subject: ConsentSubjectInput = {};
  if (item.event.email) subject.email = item.event.email;
  if (item.event.phone) subject.phone = item.event.phone;
  if (item.event.userId) subject.externalIds = [{ source: uidSourceName, id: item.event.userId }];
  return subject.email || subject.phone || subject.externalIds ? subject : null;
}

/**
 * Records each mapped category as given or refused, and a GPC signal as the refusal of sale and sharing. The
 * idempotency key names the source and message, so a message sent twice records its consent once; the origin
 * names the message, the proof of where the decision came from. Runs inside the caller's transaction.
 */
export async function recordEventConsent(
  tx: Database,
  actor: Actor,
  source: EventSource,
  settings: EventSettings,
  items: readonly ConsentOnEvent[],
): Promise<number> {
  const uidSourceName = settings.userIdSourceName;
  let recorded = 0;
  for (const item of items) {
    const consent = item.event.consent;
    if (!consent) continue;
    const subject = subjectOf(item, uidSourceName);
    if (!subject) continue;
    const proof = `event ${source.name}/${item.event.messageId}`;
    const key = `event:${source.id}:${item.event.messageId}`;
    for (const [category, allowed] of Object.entries(consent.categories)) {
      const purpose = settings.consentPurposes[category];
      if (!purpose) continue;
      await recordConsentEvent(tx, actor, {
        subject,
        purpose,
        status: allowed ? "given" : "refused",
        method: "event",
        origin: proof,
        capturedAt: item.event.occurredAt,
        idempotencyKey: `${key}:${category}`.slice(0, 200),
      });
      recorded++;
    }
    if (consent.gpc) {
      const events = await recordGpcOptOut(tx, actor, subject, {
        origin: proof,
        capturedAt: item.event.occurredAt,
        idempotencyKey: key.slice(0, 180),
      });
      recorded += events.length;
    }
  }
  return recorded;
}
