// Server-side masking of personal data for callers without profile:pii: the clear value never leaves the server.
import type { Actor } from "../actor";
import { actorCan } from "../actor";

/** The bullet used in every masked value, so the UI can recognise and style it. */
export const MASK = "•••";

/** Golden attributes (and canonical fields) that hold contact points, birth dates, street addresses or ids. */
const PII_KIND_BY_ATTRIBUTE: Readonly<Record<string, PiiKind>> = {
  email: "email",
  phone: "phone",
  dob: "date",
  street_number: "street",
  street: "street",
  address_line2: "street",
  postcode: "postcode",
  national_id: "id",
};

export type PiiKind = "email" | "phone" | "date" | "street" | "postcode" | "id";

/** Raw payload keys, however a source names them, that hold the same kinds of data. */
const PII_KEY_PATTERNS: readonly [RegExp, PiiKind][] = [
  [/e-?mail/i, "email"],
  [/phone|mobile|^tel|fax|msisdn/i, "phone"],
  [/dob|birth/i, "date"],
  [/street|address|addr|line_?[12]|^unit$|house/i, "street"],
  [/post_?code|zip/i, "postcode"],
  [/national|ssn|passport|tax_?id|^nin$/i, "id"],
];

const EMAIL_LIKE = /[^\s@]+@[^\s@]+\.[^\s@]+/;
// A run of digits with phone punctuation, anywhere in a text ("call back on +49 30 1234567"); masked when it holds
// seven digits or more. A date written in a note ("born 1961-07-14") is such a run too, and is masked with it.
const PHONE_RUN = /\+?\d[\d\s().\-/]{5,}\d/g;
// A value that is a whole machine timestamp ("2018-09-17T00:00:00Z") says when, not who: left as it is.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function canSeePii(actor: Actor): boolean {
  return actorCan(actor, "profile:pii");
}

/**
 * Whether an activation run may send contact points unmasked: profile:pii, or activation:export for a role that
 * sends consented contacts to a destination without reading personal data in the portal (issue 25, defect 5).
 */
export function canExportContactPoints(actor: Actor): boolean {
  return canSeePii(actor) || actorCan(actor, "activation:export");
}

export function piiKindOfAttribute(attribute: string): PiiKind | null {
  return PII_KIND_BY_ATTRIBUTE[attribute] ?? null;
}

export function piiKindOfKey(key: string): PiiKind | null {
  for (const [pattern, kind] of PII_KEY_PATTERNS) if (pattern.test(key)) return kind;
  return null;
}

/** "pmiller@initech.com" -> "p•••@•••.com": the first letter and the top-level domain, nothing that identifies. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return MASK;
  const dot = email.lastIndexOf(".");
  const tld = dot > at ? email.slice(dot) : "";
  return `${email[0]}${MASK}@${MASK}${tld}`;
}

/** "+12102406611" -> "•••6611": the last two digits are enough to tell two numbers apart on screen, not to call. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  return digits.length >= 7 ? `${MASK}${digits.slice(-2)}` : MASK;
}

export function maskValue(kind: PiiKind, value: string): string {
  switch (kind) {
    case "email":
      return maskEmail(value);
    case "phone":
      return maskPhone(value);
    case "date":
      return "••••-••-••";
    case "postcode":
      // The first two characters place a customer in a region (as a city does), not at a door.
      return value.length > 2 ? `${value.slice(0, 2)}${MASK}` : MASK;
    case "street":
    case "id":
      return MASK;
  }
}

/** A string value masked by what it looks like, for free text that is not under a known key: emails and phones in it. */
export function maskLooseString(value: string): string {
  if (TIMESTAMP.test(value)) return value;
  const withoutEmails = EMAIL_LIKE.test(value)
    ? value.replace(new RegExp(EMAIL_LIKE, "g"), (email) => maskEmail(email))
    : value;
  return withoutEmails.replace(PHONE_RUN, (run) =>
    run.replace(/\D/g, "").length >= 7 ? maskPhone(run) : run,
  );
}

/** Where a consent was captured (a page, an address, a note) as a caller without profile:pii may see it: no IP address. */
export function maskConsentOrigin(origin: string): string {
  return maskLooseString(origin).replace(/\b\d{1,3}(\.\d{1,3}){3}\b/g, "•••");
}

/** A golden attribute's value as a caller without profile:pii may see it. */
export function maskGoldenValue(attribute: string, value: unknown): unknown {
  const kind = piiKindOfAttribute(attribute);
  if (value === null || value === undefined) return value;
  if (kind) return maskValue(kind, String(value));
  return typeof value === "string" ? maskLooseString(value) : value;
}

/** A source payload (raw or standardized) with every personal value masked, keys kept so the shape still reads. */
export function maskPayload(payload: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) masked[key] = maskEntry(key, value);
  return masked;
}

function maskEntry(key: string, value: unknown): unknown {
  if (value === null || value === undefined || value === "") return value;
  const kind = piiKindOfKey(key);
  if (Array.isArray(value)) return value.map((item) => maskEntry(key, item));
  if (typeof value === "object") return maskPayload(value as Record<string, unknown>);
  if (kind) return maskValue(kind, String(value));
  return typeof value === "string" ? maskLooseString(value) : value;
}

/** A display name is the email or phone when a profile has no name (see build-golden-attributes). */
export function maskDisplayName(name: string | null): string | null {
  return name === null ? null : maskLooseString(name);
}
