// What the prediction package takes in: one person's events and consent changes, as plain values (no database, no clock).

/** One activity of a person: an order, a page view, an email open, a ticket... */
export interface PredictEvent {
  /** When it happened, epoch milliseconds. */
  at: number;
  /** purchase | ticket | email | web | call | sms | chat | store | other (the interactions table's channels). */
  channel: string;
  /** The event name or type as stored (order, email_opened, "Email Clicked", page_view...). */
  type: string;
  /** Revenue of an order, when it has one. */
  amount: number | null;
  /** Products of an order (properties.products[].sku, or its product), when known. */
  skus?: readonly string[];
}

/** A change of the person's marketing consent: given (true) or refused / withdrawn / expired (false). */
export interface ConsentChange {
  at: number;
  granted: boolean;
}

/** Everything known about one person, in any order; functions only ever look at what happened up to their as-of. */
export interface ProfileHistory {
  profileId: string;
  events: readonly PredictEvent[];
  /** Marketing consent changes; absent or empty when consent is not known. */
  consent?: readonly ConsentChange[];
}

export const DAY_MS = 86_400_000;
