import { describe, expect, it } from "vitest";
import { systemActor, userActor } from "../actor";
import { canSeePii, maskEmail, maskGoldenValue, maskPayload, maskPhone, piiKindOfKey } from "./mask-pii";

describe("maskPii", () => {
  it("keeps the first letter and top-level domain of an email, nothing more", () => {
    expect(maskEmail("pmiller@initech.com")).toBe("p•••@•••.com");
    expect(maskEmail("not-an-email")).toBe("•••");
  });

  it("keeps the last two digits of a phone", () => {
    expect(maskPhone("+12102406611")).toBe("•••11");
    expect(maskPhone("12")).toBe("•••");
  });

  it("masks golden contact points, birth dates, streets and ids but not names or cities", () => {
    expect(maskGoldenValue("email", "ada@example.com")).toBe("a•••@•••.com");
    expect(maskGoldenValue("dob", "1954-10-03")).toBe("••••-••-••");
    expect(maskGoldenValue("street", "Adams Place")).toBe("•••");
    expect(maskGoldenValue("street_number", "5")).toBe("•••");
    expect(maskGoldenValue("postcode", "44132")).toBe("44•••");
    expect(maskGoldenValue("national_id", "123-45-6789")).toBe("•••");
    expect(maskGoldenValue("last_name", "Miller")).toBe("Miller");
    expect(maskGoldenValue("city", "Cleveland")).toBe("Cleveland");
  });

  it("masks a raw payload by key, whatever the source calls its columns, and by shape elsewhere", () => {
    const masked = maskPayload({
      EmailAddress: "Ada@Example.com",
      mobile_phone: "(210) 240-6611",
      date_of_birth: "Oct 3, 1954",
      address_line1: "5 Adams Pl",
      zip: "44132",
      city: "Cleveland",
      notes: "call 210 240 6611",
      contact: "reach me at ada@example.com please",
      nested: { home_phone: "+12102406611" },
      tags: ["ada@example.com"],
      updated_at: "2018-09-17T00:00:00Z",
    });
    const json = JSON.stringify(masked);
    expect(json).not.toMatch(/ada@example|2406611|Adams|1954/i);
    expect(masked.city).toBe("Cleveland");
    expect(masked.updated_at).toBe("2018-09-17T00:00:00Z");
    expect(masked.contact).toBe("reach me at a•••@•••.com please");
  });

  it("recognises keys by kind", () => {
    expect(piiKindOfKey("e-mail")).toBe("email");
    expect(piiKindOfKey("Telephone")).toBe("phone");
    expect(piiKindOfKey("tel")).toBe("phone");
    expect(piiKindOfKey("postcode")).toBe("postcode");
    expect(piiKindOfKey("first_name")).toBe(null);
  });

  it("lets only profile:pii holders see clear values", () => {
    expect(canSeePii(systemActor())).toBe(true);
    expect(canSeePii(userActor({ id: "u", email: "a@x", role: "steward" }))).toBe(true);
    expect(canSeePii(userActor({ id: "u", email: "a@x", role: "analyst" }))).toBe(false);
  });
});
