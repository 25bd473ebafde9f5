import { describe, expect, it } from "vitest";
import { standardizeName, splitFullName } from "./names";
import { formalGivenName, isDiminutiveOf } from "./nicknames";

describe("names", () => {
  it("splits Last, First with titles and suffixes", () => {
    expect(splitFullName("SMITH, Dr. John A.")).toEqual({
      first: "john",
      middle: "a",
      last: "smith",
      suffix: null,
    });
    expect(splitFullName("Smith Jr., Robert")).toEqual({
      first: "robert",
      middle: null,
      last: "smith",
      suffix: "jr",
    });
    expect(splitFullName("John Smith, Jr.")).toEqual({
      first: "john",
      middle: null,
      last: "smith",
      suffix: "jr",
    });
  });

  it("splits First Middle Last and keeps surname particles", () => {
    expect(splitFullName("Mrs. Anna Maria van der Berg")).toEqual({
      first: "anna",
      middle: "maria",
      last: "van der berg",
      suffix: null,
    });
    expect(splitFullName("  José   Álvarez-Núñez ")).toEqual({
      first: "jose",
      middle: null,
      last: "alvarez nunez",
      suffix: null,
    });
    expect(splitFullName("O'Brien, Seán")).toEqual({
      first: "sean",
      middle: null,
      last: "obrien",
      suffix: null,
    });
  });

  it("prefers separate fields and fills gaps from the full name", () => {
    expect(standardizeName({ first: "MARY ANN", last: "Smith-Jones" })).toEqual({
      first: "mary",
      middle: "ann",
      last: "smith jones",
      suffix: null,
    });
    expect(standardizeName({ full: "Jones, Bob" })).toMatchObject({ first: "bob", last: "jones" });
    expect(standardizeName({ first: "Jones, Bob" })).toMatchObject({ first: "bob", last: "jones" });
    expect(standardizeName({ first: "Robert", last: "Smith Sr" })).toMatchObject({
      last: "smith",
      suffix: "sr",
    });
    expect(standardizeName({ first: "", last: null, full: "" })).toEqual({
      first: null,
      middle: null,
      last: null,
      suffix: null,
    });
  });

  it("maps common nicknames to one formal name", () => {
    expect(formalGivenName("bob")).toBe("robert");
    expect(formalGivenName("liz")).toBe("elizabeth");
    expect(formalGivenName("peggy")).toBe("margaret");
    expect(formalGivenName("bill")).toBe("william");
    expect(formalGivenName("katherine")).toBe(formalGivenName("kate"));
    expect(formalGivenName("zybrowski")).toBe("zybrowski");
  });

  it("recognises pet forms made by rule (first syllable, doubled consonant, -y/-ie/-ey/-i) both ways round", () => {
    for (const [pet, name] of [
      ["addy", "adeline"],
      ["addie", "adeline"],
      ["kimmy", "kimberley"],
      ["manny", "manuela"],
      ["eddie", "eduardo"],
    ]) {
      expect(isDiminutiveOf(pet!, name!), `${pet} / ${name}`).toBe(true);
      expect(isDiminutiveOf(name!, pet!), `${name} / ${pet}`).toBe(true);
    }
    // Not a pet form: another name, no pet ending, a one-letter stem, the same name, or a stem longer than the name.
    expect(isDiminutiveOf("kimmy", "adeline")).toBe(false);
    expect(isDiminutiveOf("patsy", "patricia")).toBe(false);
    expect(isDiminutiveOf("ann", "anna")).toBe(false);
    expect(isDiminutiveOf("ay", "ayla")).toBe(false);
    expect(isDiminutiveOf("emmy", "emmy")).toBe(false);
    expect(isDiminutiveOf("billy", "bill")).toBe(false);
  });
});
