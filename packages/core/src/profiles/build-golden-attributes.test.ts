import { standardizeRecord, type InputRecord } from "@c360/matching";
import { describe, expect, it } from "vitest";
import { buildGoldenAttributes, type GoldenMember } from "./build-golden-attributes";

function member(
  recordId: string,
  sourceName: string,
  input: Omit<InputRecord, "record_id">,
  trust: Record<string, number> = {},
): GoldenMember {
  const raw = { record_id: `${sourceName}-${recordId}`, ...input };
  const standardized = standardizeRecord(raw);
  return { recordId, sourceName, sourceTrust: trust, updatedAt: standardized.updatedAt, standardized, raw };
}

const rowOf = (golden: ReturnType<typeof buildGoldenAttributes>, attribute: string) =>
  golden.attributes.find((r) => r.attribute === attribute);

describe("buildGoldenAttributes", () => {
  it("shows display values a business user expects, with provenance", () => {
    const golden = buildGoldenAttributes([
      member("r1", "crm", {
        first_name: "JOSÉ",
        last_name: "o'brien-smith",
        dob: "03/04/1980",
        gender: "F",
        email: "Jose@Example.COM",
        phone: "(702) 919-1300",
        street: "123 North Main Street",
        address_line2: "Apt 4",
        city: "las vegas",
        state: "nv",
        postcode: "89132-1234",
        country: "us",
      }),
    ]);
    expect(Object.fromEntries(golden.attributes.map((r) => [r.attribute, r.value]))).toEqual({
      first_name: "Jose",
      last_name: "Obrien Smith",
      dob: "1980-03-04",
      gender: "Female",
      email: "jose@example.com",
      phone: "+17029191300",
      street_number: "123",
      street: "North Main Street",
      address_line2: "Apt 4",
      city: "Las Vegas",
      state: "NV",
      postcode: "89132",
      country: "US",
    });
    expect(golden.displayName).toBe("Jose Obrien Smith");
    for (const row of golden.attributes) {
      expect(row.sourceRecordId).toBe("r1");
      expect(row.rule).toBe("no_conflict");
    }
    expect(golden.searchText.split(" ")).toEqual(
      expect.arrayContaining(["jose", "jose@example.com", "+17029191300"]),
    );
    // Record ids are searched on the records themselves (search-profiles.ts), not through the profile's text.
    expect(golden.searchText).not.toContain("crm-r1");
  });

  it("writes the same search text for the same members in any order, and a member bringing nothing new leaves it alone", () => {
    const ann = member("r1", "crm", {
      first_name: "Ann",
      last_name: "Lee",
      email: "ann@example.com",
      phone: "7029191300",
    });
    const annie = member("r2", "billing", {
      first_name: "Annie",
      last_name: "Lee",
      email: "annie.lee@example.com",
    });
    const again = member("r0", "support", { first_name: "ann", last_name: "LEE", email: "ANN@example.com" });
    const text = buildGoldenAttributes([ann, annie]).searchText;
    expect(buildGoldenAttributes([annie, ann]).searchText).toBe(text);
    expect(buildGoldenAttributes([again, annie, ann]).searchText).toBe(text);
    // Names first (a name query's words stay together), then emails, then phones.
    expect(text).toBe("ann annie lee ann@example.com annie.lee@example.com +17029191300");
  });

  it("keeps a source's careful spelling when it means the same name", () => {
    const golden = buildGoldenAttributes([
      member("r1", "crm", { first_name: "José", last_name: "O'Brien-Smith", city: "São Paulo" }),
    ]);
    expect(rowOf(golden, "first_name")?.value).toBe("José");
    expect(rowOf(golden, "last_name")?.value).toBe("O'Brien-Smith");
    expect(rowOf(golden, "city")?.value).toBe("São Paulo");
    expect(golden.searchText).toContain("josé");
  });

  it("prefers the most trusted source for email and lists the competing values", () => {
    const golden = buildGoldenAttributes([
      member("r1", "web", { email: "old@example.com", updated_at: "2025-06-01T00:00:00Z" }, { email: 0.2 }),
      member(
        "r2",
        "billing",
        { email: "billing@example.com", updated_at: "2020-01-01T00:00:00Z" },
        { email: 0.9 },
      ),
    ]);
    const email = rowOf(golden, "email")!;
    expect(email).toMatchObject({
      value: "billing@example.com",
      sourceRecordId: "r2",
      rule: "most_trusted_source",
    });
    expect(email.candidates).toEqual([
      {
        value: "old@example.com",
        sourceRecordId: "r1",
        sourceName: "web",
        updatedAt: "2025-06-01T00:00:00Z",
        trust: 0.2,
      },
      {
        value: "billing@example.com",
        sourceRecordId: "r2",
        sourceName: "billing",
        updatedAt: "2020-01-01T00:00:00Z",
        trust: 0.9,
      },
    ]);
    // Stored: the rules tried and how many values competed, not the values themselves (they are the members').
    expect(email.ruleDetail).toEqual({
      rules: ["most_trusted_source", "most_recent", "most_frequent"],
      distinctValues: 2,
    });
    expect(golden.displayName).toBe("billing@example.com");
  });

  it("lets sources of equal trust tie, so the most recent decides", () => {
    const golden = buildGoldenAttributes([
      member("r1", "a", { email: "older@example.com", updated_at: "2020-01-01T00:00:00Z" }, { email: 0.7 }),
      member("r2", "b", { email: "newer@example.com", updated_at: "2024-01-01T00:00:00Z" }, { email: 0.7 }),
    ]);
    expect(rowOf(golden, "email")).toMatchObject({
      value: "newer@example.com",
      sourceRecordId: "r2",
      rule: "most_recent",
    });
  });

  it("chooses names by majority, then the longest", () => {
    const majority = buildGoldenAttributes([
      member("r1", "a", { first_name: "Jon", last_name: "Smith" }),
      member("r2", "b", { first_name: "Jonathan", last_name: "Smith" }),
      member("r3", "c", { first_name: "Jon", last_name: "Smyth" }),
    ]);
    expect(rowOf(majority, "first_name")).toMatchObject({ value: "Jon", rule: "most_frequent" });
    expect(rowOf(majority, "last_name")).toMatchObject({ value: "Smith", rule: "most_frequent" });
    const longest = buildGoldenAttributes([
      member("r1", "a", { first_name: "Jon" }),
      member("r2", "b", { first_name: "Jonathan" }),
    ]);
    expect(rowOf(longest, "first_name")).toMatchObject({
      value: "Jonathan",
      sourceRecordId: "r2",
      rule: "longest",
    });
  });

  it("takes the whole address from the most recent record, never a mix of records", () => {
    const golden = buildGoldenAttributes([
      member(
        "r1",
        "a",
        { street: "1 Old Road", city: "Springfield", postcode: "11111", updated_at: "2020-01-01T00:00:00Z" },
        { address: 1 },
      ),
      member("r2", "b", { street: "9 New Street", postcode: "22222", updated_at: "2024-01-01T00:00:00Z" }),
    ]);
    const address = golden.attributes.filter((r) => r.ruleDetail.group === "address");
    expect(address.map((r) => [r.attribute, r.value, r.sourceRecordId, r.rule])).toEqual([
      ["street_number", "9", "r2", "most_recent"],
      ["street", "New Street", "r2", "most_recent"],
      ["postcode", "22222", "r2", "most_recent"],
    ]);
  });

  it("cites a record but names no rule when every record agrees, and is independent of member order", () => {
    const a = member("r1", "a", { email: "same@example.com" }, { email: 0.3 });
    const b = member("r2", "b", { email: "same@example.com" }, { email: 0.8 });
    const forward = buildGoldenAttributes([a, b]);
    expect(rowOf(forward, "email")).toMatchObject({ sourceRecordId: "r2", rule: "no_conflict" });
    expect(buildGoldenAttributes([b, a]).attributes.map((r) => r.sourceRecordId)).toEqual(
      forward.attributes.map((r) => r.sourceRecordId),
    );
  });

  it("leaves every stored row as it was when one more record agrees with all of them", () => {
    const first = member(
      "r1",
      "crm",
      { first_name: "Ana", last_name: "Silva", email: "ana@example.com", updated_at: "2024-01-01T00:00:00Z" },
      {},
    );
    const second = member(
      "r2",
      "web",
      { first_name: "Ana", last_name: "Silva", email: "ana@example.com", updated_at: "2025-01-01T00:00:00Z" },
      {},
    );
    const newcomer = member(
      "r0",
      "billing",
      { first_name: "Ana", last_name: "Silva", email: "ana@example.com", updated_at: "2026-01-01T00:00:00Z" },
      {},
    );
    const stored = (profile: ReturnType<typeof buildGoldenAttributes>) =>
      profile.attributes.map(({ attribute, value, sourceRecordId, rule, ruleDetail }) => ({
        attribute,
        value,
        sourceRecordId,
        rule,
        ruleDetail,
      }));
    const before = buildGoldenAttributes([first, second]);
    const after = buildGoldenAttributes([first, second, newcomer]);
    // The first record to say it stays cited; only the candidates (not stored) grow.
    expect(rowOf(before, "email")).toMatchObject({
      sourceRecordId: "r1",
      rule: "no_conflict",
      ruleDetail: { distinctValues: 1 },
    });
    expect(stored(after)).toEqual(stored(before));
    expect(
      rowOf(after, "email")!
        .candidates.map((c) => c.sourceRecordId)
        .sort(),
    ).toEqual(["r0", "r1", "r2"]);
  });

  it("gives an empty profile nothing", () => {
    expect(buildGoldenAttributes([])).toEqual({ attributes: [], displayName: null, searchText: "" });
  });
});

describe("buildGoldenAttributes spelling", () => {
  it("shows a careful spelling held by any record with the chosen value, and cites that record", () => {
    const golden = buildGoldenAttributes([
      member(
        "r1",
        "billing",
        { first_name: "MARÍA", updated_at: "2025-01-01T00:00:00Z" },
        { first_name: 0.9 },
      ),
      member("r2", "web", { first_name: "María", updated_at: "2020-01-01T00:00:00Z" }, { first_name: 0.1 }),
    ]);
    expect(rowOf(golden, "first_name")).toMatchObject({
      value: "María",
      sourceRecordId: "r2",
      rule: "no_conflict",
    });
  });
});
