// The identity hashes of a record, checked against `suppressions` before a row is stored. Privacy erasure writes
// suppressions with this same function, so an erased subject's data is refused when a source sends it again.
import { createHmac } from "node:crypto";
import { standardizeRecord, type StandardRecord } from "@c360/matching/standardize/record";

export type IdentityKind = "source_record" | "email" | "phone" | "name_dob" | "national_id";

export interface IdentityHash {
  kind: IdentityKind;
  hash: string;
}

/**
 * The secret suppression hashes are keyed with (privacy/suppression-key.ts loads it: C360_SUPPRESSION_KEY, or a key
 * generated once and kept in the database). Keyed, because emails and phones are few enough to hash them all: an
 * unkeyed hash of an email is a lookup away from the email itself.
 */
export interface SuppressionKey {
  readonly secret: Buffer;
}

/** Written before every hash, so a change of algorithm or normalisation never silently mismatches old entries. */
export const IDENTITY_HASH_VERSION = "v2";

/** HMAC-SHA-256, domain-separated per identity kind, prefixed with its version: "v2:<hex>". */
function identityHash(key: SuppressionKey, kind: IdentityKind, value: string): string {
  const mac = createHmac("sha256", key.secret)
    .update(`c360-suppression\u0000${kind}\u0000${value}`, "utf8")
    .digest("hex");
  return `${IDENTITY_HASH_VERSION}:${mac}`;
}

/**
 * Every identity a record carries: the source row itself, its standardized email, its E.164 phone, its
 * standardized first + last name with date of birth (only when all three are present: a name alone is too common),
 * and its national id (standardized: letters and digits only, lower case), which alone names one person.
 * Input is the standardized record, so "Ann@Example.COM " and "ann@example.com" give one hash.
 */
export function computeIdentityHashes(
  record: {
    sourceId: string;
    externalId: string;
    standard: Pick<StandardRecord, "email" | "phone" | "firstName" | "lastName" | "dob"> &
      Partial<Pick<StandardRecord, "nationalId">>;
  },
  key: SuppressionKey,
): IdentityHash[] {
  return [
    {
      kind: "source_record",
      hash: identityHash(key, "source_record", `${record.sourceId}\u0000${record.externalId}`),
    },
    ...personalIdentityHashes(record.standard, key),
  ];
}

/** The identities of a person without a source row: email, phone, name + date of birth, national id. */
function personalIdentityHashes(
  standard: Pick<StandardRecord, "email" | "phone" | "firstName" | "lastName" | "dob"> &
    Partial<Pick<StandardRecord, "nationalId">>,
  key: SuppressionKey,
): IdentityHash[] {
  const hashes: IdentityHash[] = [];
  const { email, phone, firstName, lastName, dob, nationalId } = standard;
  if (email) hashes.push({ kind: "email", hash: identityHash(key, "email", email) });
  if (phone) hashes.push({ kind: "phone", hash: identityHash(key, "phone", phone) });
  if (firstName && lastName && dob)
    hashes.push({
      kind: "name_dob",
      hash: identityHash(key, "name_dob", `${firstName}\u0000${lastName}\u0000${dob}`),
    });
  if (nationalId) hashes.push({ kind: "national_id", hash: identityHash(key, "national_id", nationalId) });
  return hashes;
}

/**
 * The identities a data subject gave in a request, standardized exactly as an import standardizes a row (the
 * matching engine's standardizers), so "Bob@Gmail.com" here suppresses "bob@gmail.com" arriving from a source.
 */
export function subjectIdentityHashes(
  subject: { email?: string | null; phone?: string | null; name?: string | null; dob?: string | null },
  key: SuppressionKey,
): IdentityHash[] {
  const standard = standardizeRecord({
    record_id: "subject",
    email: subject.email ?? undefined,
    phone: subject.phone ?? undefined,
    full_name: subject.name ?? undefined,
    dob: subject.dob ?? undefined,
  });
  return personalIdentityHashes(standard, key);
}
