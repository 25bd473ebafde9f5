import { describe, expect, it } from "vitest";
import { dayNumber, standardizeDate } from "./dates";

describe("standardizeDate", () => {
  it("reads the common spellings of one date", () => {
    for (const text of [
      "1980-04-03",
      "19800403",
      "04/03/1980",
      "4/3/1980",
      "1980/4/3",
      "03.04.1980",
      "Apr 3, 1980",
      "3 April 1980",
      "april 3rd 1980",
      "1980-04-03T12:00:00Z",
      "4-3-80",
    ]) {
      expect(standardizeDate(text, { twoDigitYearPivot: 25 }), text).toBe("1980-04-03");
    }
  });

  it("reads day-first when asked, or when the first number cannot be a month", () => {
    expect(standardizeDate("03/04/1980", { order: "dmy" })).toBe("1980-04-03");
    expect(standardizeDate("13/04/1980")).toBe("1980-04-13");
  });

  it("rejects impossible dates instead of guessing", () => {
    for (const text of [
      "1980-02-30",
      "1900-02-29",
      "2023-13-01",
      "31/31/1980",
      "19801301",
      "00000000",
      "yesterday",
      "12",
      "1980-04-31",
    ]) {
      expect(standardizeDate(text), text).toBeNull();
    }
    expect(standardizeDate("2000-02-29")).toBe("2000-02-29");
  });

  it("numbers days so distances are right, historical years included", () => {
    expect(dayNumber("1970-01-02")).toBe(1);
    expect(dayNumber("0050-03-01") - dayNumber("0050-02-28")).toBe(1);
    expect(dayNumber("1981-04-03") - dayNumber("1980-04-03")).toBe(365);
  });
});
