// Property tests: no standardizer throws on any string, and standardizing a standardized value changes nothing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { standardizeStreet } from "./addresses";
import { standardizeDate } from "./dates";
import { standardizeEmail } from "./emails";
import { splitFullName, standardizeNamePart } from "./names";
import { standardizePhone } from "./phones";
import { standardizePostcode } from "./postcodes";
import { standardizeRecord } from "./record";
import { foldText } from "./text";

const anyText = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }));

describe("standardizer properties", () => {
  it("never throw on any string", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        foldText(text);
        splitFullName(text);
        standardizeNamePart(text);
        standardizeEmail(text);
        standardizePhone(text);
        standardizeDate(text);
        standardizePostcode(text);
        standardizeStreet(text, text, text);
        standardizeRecord({
          record_id: "r",
          first_name: text,
          full_name: text,
          dob: text,
          email: text,
          phone: text,
          street: text,
          postcode: text,
          gender: text,
        });
      }),
      { numRuns: 500 },
    );
  });

  it("are idempotent", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const folded = foldText(text);
        expect(foldText(folded)).toBe(folded);
        const email = standardizeEmail(text);
        if (email) expect(standardizeEmail(email)).toBe(email);
        const postcode = standardizePostcode(text);
        if (postcode) expect(standardizePostcode(postcode)).toBe(postcode);
        const date = standardizeDate(text);
        if (date) expect(standardizeDate(date)).toBe(date);
      }),
      { numRuns: 500 },
    );
  });

  it("output only valid calendar dates", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        (y, m, d) => {
          const iso = standardizeDate(
            `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`,
          );
          if (iso === null) return;
          const date = new Date(0);
          date.setUTCFullYear(y, m - 1, d);
          expect(date.getUTCMonth() + 1).toBe(m);
          expect(date.getUTCDate()).toBe(d);
        },
      ),
    );
  });
});
