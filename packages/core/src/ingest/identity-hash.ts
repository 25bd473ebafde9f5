// The identity hashes of a record, checked against `suppressions` before a row is stored. Privacy erasure writes
// suppressions with this same function, so an erased subject's data is refused when a source sends it again.
import { createHash } from "node:crypto";
import type { StandardRecord } from "@c360/matching/standardize/record";

export type IdentityKind = "source_record" | "email" | "phone" | "name_dob";

export interface IdentityHash {
  kind: IdentityKind;
  hash: string;
}

/** Versioned and domain-separated, so a hash from here is never confused with any other hash of the same text. */
function identityHash(kind: IdentityKind, value: string): string {
  return createHash("sha256").update(`c360-suppression/v1\u0000${kind}\u0000${value}`, "utf8").digest("hex");
}

/**
 * Every identity a record carries: the source row itself, its standardized email, its E.164 phone, and its
 * standardized first + last name with date of birth (only when all three are present: a name alone is too common).
 * Input is the standardized record, so "Ann@Example.COM " and "ann@example.com" give one hash.
 */
export function computeIdentityHashes(record: {
  sourceId: string;
  externalId: string;
  standard: Pick<StandardRecord, "email" | "phone" | "firstName" | "lastName" | "dob">;
}): IdentityHash[] {
  const hashes: IdentityHash[] = [
    {
      kind: "source_record",
      hash: identityHash("source_record", `${record.sourceId}\u0000${record.externalId}`),
    },
  ];
  const { email, phone, firstName, lastName, dob } = record.standard;
  if (email) hashes.push({ kind: "email", hash: identityHash("email", email) });
  if (phone) hashes.push({ kind: "phone", hash: identityHash("phone", phone) });
  if (firstName && lastName && dob)
    hashes.push({
      kind: "name_dob",
      hash: identityHash("name_dob", `${firstName}\u0000${lastName}\u0000${dob}`),
    });
  return hashes;
}
