import { standardizeRecord } from "@c360/matching/standardize/record";
import { describe, expect, it } from "vitest";
import { computeIdentityHashes, subjectIdentityHashes } from "./identity-hash";

const key = { secret: Buffer.from("k".repeat(32)) };
const otherKey = { secret: Buffer.from("o".repeat(32)) };
const record = (input: Record<string, string>) => ({
  sourceId: "s1",
  externalId: "e1",
  standard: standardizeRecord({ record_id: "e1", ...input }),
});

describe("identity hashes", () => {
  it("are keyed, versioned and normalised like the matching engine", () => {
    const [source, email] = computeIdentityHashes(record({ email: "Bob@Gmail.com" }), key);
    expect(email!.hash).toMatch(/^v2:[0-9a-f]{64}$/);
    expect(computeIdentityHashes(record({ email: " bob+news@gmail.com" }), key)[1]!.hash).toBe(email!.hash);
    expect(computeIdentityHashes(record({ email: "bob@gmail.com" }), otherKey)[1]!.hash).not.toBe(
      email!.hash,
    );
    expect(source!.kind).toBe("source_record");
  });

  it("give a subject's own spelling the hashes an imported row gets", () => {
    const imported = computeIdentityHashes(
      record({
        email: "ann@example.com",
        phone: "+1 415 555 0100",
        first_name: "Ann",
        last_name: "Lee",
        dob: "1980-02-03",
      }),
      key,
    );
    const given = subjectIdentityHashes(
      { email: "ANN@example.com", phone: "(415) 555-0100", name: "ann lee", dob: "1980-02-03" },
      key,
    );
    expect(given.map((h) => h.kind)).toEqual(["email", "phone", "name_dob"]);
    expect(imported.slice(1)).toEqual(given);
  });

  it("hash a name only together with a date of birth", () => {
    expect(subjectIdentityHashes({ name: "Ann Lee" }, key)).toEqual([]);
  });
});
