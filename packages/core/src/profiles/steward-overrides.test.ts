import { standardizeRecord, type InputRecord } from "@c360/matching";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import {
  buildGoldenAttributes,
  STEWARD_OVERRIDE_RULE,
  type GoldenMember,
  type StewardOverride,
} from "./build-golden-attributes";
import { standardizeOverrideValue } from "./standardize-override-value";

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

const override = (
  attribute: string,
  value: string,
  extra: Partial<StewardOverride> = {},
): StewardOverride => ({
  attribute,
  value,
  note: "customer called to correct it",
  origin: "steward",
  setBy: "steward@example.com",
  setAt: "2026-01-02T03:04:05.000Z",
  ...extra,
});

describe("buildGoldenAttributes with steward overrides", () => {
  const members = [
    member(
      "r1",
      "crm",
      { first_name: "Jon", last_name: "Smith", phone: "+1 702 919 1300", city: "Las Vegas" },
      { phone: 0.9 },
    ),
    member(
      "r2",
      "web",
      { first_name: "Jon", last_name: "Smith", phone: "+1 702 555 0100", city: "Reno" },
      { phone: 0.3 },
    ),
  ];

  it("the override wins over every source, with who, when and why, and the sources stay visible as candidates", () => {
    const golden = buildGoldenAttributes(members, [override("phone", "+14155550100")]);
    const phone = golden.attributes.find((r) => r.attribute === "phone")!;
    expect(phone.value).toBe("+14155550100");
    expect(phone.rule).toBe(STEWARD_OVERRIDE_RULE);
    expect(phone.sourceRecordId).toBeNull();
    expect(phone.ruleDetail.override).toEqual({
      setBy: "steward@example.com",
      setAt: "2026-01-02T03:04:05.000Z",
      note: "customer called to correct it",
      origin: "steward",
    });
    expect(phone.candidates.map((c) => c.value).sort()).toEqual(["+17025550100", "+17029191300"]);
    expect(phone.ruleDetail.survived).toEqual({
      value: "+17029191300",
      sourceRecordId: "r1",
      rule: "most_trusted_source",
    });
    // Attributes without an override are survived as before.
    expect(golden.attributes.find((r) => r.attribute === "first_name")!.rule).toBe("no_conflict");
  });

  it("the display name and search text follow an overridden name", () => {
    const golden = buildGoldenAttributes(members, [override("first_name", "Jonathan")]);
    expect(golden.displayName).toBe("Jonathan Smith");
    expect(golden.searchText.split(" ")).toContain("jonathan");
  });

  it("an override gives a value no source has, and a profile without members still shows it", () => {
    const golden = buildGoldenAttributes(members, [override("email", "jon@example.com")]);
    const email = golden.attributes.find((r) => r.attribute === "email")!;
    expect(email).toMatchObject({
      value: "jon@example.com",
      rule: STEWARD_OVERRIDE_RULE,
      sourceRecordId: null,
    });
    expect(email.candidates).toEqual([]);
    expect(buildGoldenAttributes([], [override("last_name", "Doe")]).displayName).toBe("Doe");
  });

  it("without overrides the result is exactly plain survivorship", () => {
    expect(buildGoldenAttributes(members, [])).toEqual(buildGoldenAttributes(members));
  });
});

describe("standardizeOverrideValue", () => {
  it("standardizes the way survivorship shows the attribute", () => {
    expect(standardizeOverrideValue("phone", "+1 (415) 555-0100")).toBe("+14155550100");
    expect(standardizeOverrideValue("email", " Jon@Example.COM ")).toBe("jon@example.com");
    expect(standardizeOverrideValue("dob", "1984-03-07")).toBe("1984-03-07");
    expect(standardizeOverrideValue("first_name", "JOSÉ")).toBe("Jose");
    expect(standardizeOverrideValue("first_name", "José")).toBe("José");
    expect(standardizeOverrideValue("city", "las vegas")).toBe("Las Vegas");
    expect(standardizeOverrideValue("gender", "f")).toBe("Female");
  });

  it("says what was wrong with a value it cannot read", () => {
    expect(() => standardizeOverrideValue("phone", "call me")).toThrow(AppError);
    expect(() => standardizeOverrideValue("phone", "call me")).toThrow(
      /"call me" is not a valid phone: write it with its country code/,
    );
    expect(() => standardizeOverrideValue("email", "not-an-email")).toThrow(/not a valid email/);
    expect(() => standardizeOverrideValue("dob", "yesterday")).toThrow(/not a valid dob/);
  });
});
