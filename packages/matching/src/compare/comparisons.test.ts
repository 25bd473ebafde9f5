import { describe, expect, it } from "vitest";
import { standardizeRecord } from "../standardize/record";
import { RecordStore } from "../store";
import { ROW_STRIDE } from "../store";
import { compileComparison, levelLabels, type ComparisonSpec } from "./comparisons";
import { compileKernel } from "./kernel";

function levelOf(spec: ComparisonSpec, a: Record<string, string>, b: Record<string, string>): string {
  const store = new RecordStore();
  store.add(standardizeRecord({ record_id: "a", ...a }));
  store.add(standardizeRecord({ record_id: "b", ...b }));
  return levelLabels(spec)[compileComparison(spec, store)(0, 1)]!;
}

const firstName: ComparisonSpec = {
  name: "first_name",
  kind: "name",
  field: "firstName",
  nicknames: true,
  swappedWith: "lastName",
};
const dob: ComparisonSpec = { name: "dob", kind: "date", field: "dob" };
const address: ComparisonSpec = { name: "address", kind: "address", field: "street" };

describe("comparison levels", () => {
  it("grade given names: exact, nickname, typo, swapped, sound-alike, else, null", () => {
    expect(levelOf(firstName, { first_name: "Robert" }, { first_name: "ROBERT" })).toBe("exact");
    expect(levelOf(firstName, { first_name: "Bob" }, { first_name: "Robert" })).toBe(
      "nickname of the same formal name",
    );
    expect(levelOf(firstName, { first_name: "Jonathon" }, { first_name: "Jonathan" })).toBe(
      "jaro-winkler >= 0.92",
    );
    expect(
      levelOf(
        firstName,
        { first_name: "Isla", last_name: "Hall" },
        { first_name: "Hall", last_name: "Isla" },
      ),
    ).toBe("first and last names swapped");
    expect(levelOf(firstName, { first_name: "Catherine" }, { first_name: "Kathryn" })).not.toBe("else");
    expect(levelOf(firstName, { first_name: "Mary" }, { first_name: "Zoe" })).toBe("else");
    expect(levelOf(firstName, { first_name: "Mary" }, {})).toBe("null");
  });

  it("sees a swapped date stored after its twin was first compared, either way round (a store that grows)", () => {
    const store = new RecordStore();
    const level = compileComparison(dob, store);
    const kernel = compileKernel(dob, store);
    const label = (a: number, b: number) => levelLabels(dob)[level(a, b)]!;
    const row = (p: number) => p * ROW_STRIDE;
    store.add(standardizeRecord({ record_id: "a", dob: "1980-03-04" }));
    store.add(standardizeRecord({ record_id: "b", dob: "1975-01-01" }));
    expect(label(0, 1)).not.toBe("day and month swapped");
    expect(levelLabels(dob)[kernel(store.rows, row(0), row(1))]).toBe(label(0, 1));
    // The twin arrives after 1980-03-04 was compared (its swapped twin then unknown, and remembered so).
    store.add(standardizeRecord({ record_id: "c", dob: "1980-04-03" }));
    expect(label(0, 2)).toBe("day and month swapped");
    expect(label(2, 0)).toBe("day and month swapped");
    expect(levelLabels(dob)[kernel(store.rows, row(0), row(2))]).toBe("day and month swapped");
    expect(levelLabels(dob)[kernel(store.rows, row(2), row(0))]).toBe("day and month swapped");
  });

  it("grade dates: exact, swapped day and month, typo, near, far", () => {
    expect(levelOf(dob, { dob: "3/4/1980" }, { dob: "1980-03-04" })).toBe("exact");
    expect(levelOf(dob, { dob: "1980-03-04" }, { dob: "1980-04-03" })).toBe("day and month swapped");
    expect(levelOf(dob, { dob: "1980-03-04" }, { dob: "1980-03-05" })).toBe("one character edit");
    expect(levelOf(dob, { dob: "1980-03-04" }, { dob: "1980-11-25" })).toBe("within 1 year");
    expect(levelOf(dob, { dob: "1980-03-04" }, { dob: "1986-11-25" })).toBe("within 10 years");
    expect(levelOf(dob, { dob: "1980-03-04" }, { dob: "1950-11-25" })).toBe("else");
  });

  it("grade the address as one comparison", () => {
    const home = { street: "12 Main St", postcode: "89132", city: "Las Vegas" };
    expect(
      levelOf(address, home, { street: "12 Main Street", postcode: "89132-0001", city: "las vegas" }),
    ).toBe("same street address");
    expect(levelOf(address, home, { street: "12 Mian Street", postcode: "89132" })).toBe(
      "same number, street jaro-winkler >= 0.88",
    );
    expect(levelOf(address, home, { street: "400 Oak Ave", postcode: "89132" })).toBe("same postcode");
    expect(levelOf(address, home, { city: "Las Vegas" })).toBe("same city or postcode one edit");
    expect(levelOf(address, home, { street: "12 Main St", postcode: "10001", city: "New York" })).toBe(
      "else",
    );
    expect(levelOf(address, home, {})).toBe("null");
  });

  it("do not count values that differ only in their digits as nearly agreeing (digits are identifiers, not typos)", () => {
    const lastName: ComparisonSpec = { name: "last_name", kind: "name", field: "lastName" };
    const email: ComparisonSpec = { name: "email", kind: "email", field: "email" };
    expect(levelOf(lastName, { last_name: "Streamtest7" }, { last_name: "Streamtest8" })).toBe("else");
    expect(levelOf(lastName, { last_name: "Streamtest7" }, { last_name: "Streamtest17" })).toBe("else");
    expect(levelOf(lastName, { last_name: "Streamtest" }, { last_name: "Streamtest7" })).toBe("else");
    expect(levelOf(lastName, { last_name: "Streamtest7" }, { last_name: "Streamtast7" })).toBe(
      "jaro-winkler >= 0.92",
    );
    expect(levelOf(email, { email: "zed.stream7@example.org" }, { email: "zed.stream8@example.org" })).toBe(
      "else",
    );
    expect(levelOf(email, { email: "zed.stream7@example.org" }, { email: "zed.streem7@example.org" })).toBe(
      "one character edit",
    );
    expect(
      levelOf(
        address,
        { street_number: "12", street: "5th Avenue" },
        { street_number: "12", street: "6th Avenue" },
      ),
    ).not.toBe("same number, street jaro-winkler >= 0.88");
    // A phone number is all digits: one keyed wrong stays the typo level (names and emails keep look-alikes apart).
    const phone: ComparisonSpec = { name: "phone", kind: "phone", field: "phone" };
    expect(levelOf(phone, { phone: "+15550100007" }, { phone: "+15550100008" })).toBe("one digit edit");
  });
});
