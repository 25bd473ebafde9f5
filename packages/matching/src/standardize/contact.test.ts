import { describe, expect, it } from "vitest";
import { parseFullAddress, standardizeStreet } from "./addresses";
import { standardizeEmail } from "./emails";
import { standardizePhone } from "./phones";
import { standardizePostcode } from "./postcodes";

describe("emails", () => {
  it("folds case, gmail dots and +tags to one mailbox", () => {
    expect(standardizeEmail(" John.Smith+Promo@GoogleMail.com ")).toBe("johnsmith@gmail.com");
    expect(standardizeEmail("j.smith+x@outlook.com")).toBe("j.smith@outlook.com");
    expect(standardizeEmail("mailto:A@B.CO")).toBe("a@b.co");
  });
  it("rejects text that is not an address", () => {
    for (const text of ["", "john", "@x.com", "john@", "john@localhost", "jo hn@x.com"])
      expect(standardizeEmail(text), text).toBeNull();
  });
});

describe("phones", () => {
  it("turns national, international and punctuated spellings into one E.164 number", () => {
    for (const text of [
      "(202) 555-0143",
      "202.555.0143",
      "+1 202 555 0143",
      "1-202-555-0143",
      "2025550143",
      "001 202 555 0143",
    ]) {
      expect(standardizePhone(text), text).toBe("+12025550143");
    }
    expect(standardizePhone("020 7946 0958", "GB")).toBe("+442079460958");
    expect(standardizePhone("+44 20 7946 0958")).toBe("+442079460958");
  });
  it("rejects what cannot be a number", () => {
    for (const text of ["", "n/a", "12", "call me", "555-01"])
      expect(standardizePhone(text), text).toBeNull();
  });
});

describe("addresses", () => {
  it("splits number, street and unit and expands abbreviations", () => {
    expect(standardizeStreet("123 N. Main St. Apt 4B")).toEqual({
      streetNumber: "123",
      street: "north main street",
      unit: "4b",
    });
    expect(standardizeStreet("123 Main Street #4b")).toEqual({
      streetNumber: "123",
      street: "main street",
      unit: "4b",
    });
    expect(standardizeStreet("St Kilda Rd", "7")).toEqual({
      streetNumber: "7",
      street: "saint kilda road",
      unit: null,
    });
    expect(standardizeStreet("4/12 Wallaby Pl")).toEqual({
      streetNumber: "12",
      street: "wallaby place",
      unit: "4",
    });
  });
  it("parses a one-line address", () => {
    expect(parseFullAddress("123 Main Street, Las Vegas NV 89132")).toEqual({
      streetNumber: "123",
      street: "main street",
      unit: null,
      city: "las vegas",
      state: "nv",
      postcode: "89132",
    });
  });
});

describe("postcodes", () => {
  it("normalizes spacing, case and ZIP+4", () => {
    expect(standardizePostcode("tq13 8df")).toBe("TQ138DF");
    expect(standardizePostcode("89132-1234")).toBe("89132");
    expect(standardizePostcode("0000")).toBeNull();
    expect(standardizePostcode("2")).toBeNull();
  });
});
