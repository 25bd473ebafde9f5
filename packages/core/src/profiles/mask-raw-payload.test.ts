import { describe, expect, it } from "vitest";
import { maskLooseString } from "./mask-pii";
import { maskRawPayload, maskStandardizedPayload } from "./mask-raw-payload";

const german = {
  fieldMapping: {
    Kundennummer: "record_id",
    Vorname: "first_name",
    Strasse: "street",
    PLZ: "postcode",
    SVNR: "national_id",
    Geburtstag: "dob",
    Mail: "email",
    Telefon: "phone",
    Ort: "city",
  },
  nonPersonalColumns: ["Kundentyp"],
};

describe("raw payloads masked by the source's mapping", () => {
  it("masks a column by the field it feeds, whatever it is called (issue 18's German mapping)", () => {
    const masked = maskRawPayload(
      {
        Kundennummer: "K-1001",
        Vorname: "Greta",
        Strasse: "Lindenallee 17",
        PLZ: "10115",
        SVNR: "65140761L512",
        Geburtstag: "14.07.1961",
        Mail: "sonnenblume77@example.de",
        Telefon: "+49 30 12345678",
        Ort: "Berlin",
      },
      german,
    );
    expect(masked).toEqual({
      Kundennummer: "K-1001",
      Vorname: "Greta",
      Strasse: "•••",
      PLZ: "10•••",
      SVNR: "•••",
      Geburtstag: "••••-••-••",
      Mail: "s•••@•••.de",
      Telefon: "•••78",
      Ort: "Berlin",
    });
  });

  it("treats an unmapped column as personal, nested values included, unless a steward marked it not personal", () => {
    const masked = maskRawPayload(
      {
        Notiz: "Hund heisst Bello",
        Extras: { Lieblingsfarbe: "blau" },
        Kinder: ["Ida", "Jon"],
        Kundentyp: "Privatkundin",
        Leer: "",
        Nichts: null,
      },
      german,
    );
    expect(masked).toEqual({
      Notiz: "•••",
      Extras: "•••",
      Kinder: "•••",
      Kundentyp: "Privatkundin",
      Leer: "",
      Nichts: null,
    });
  });

  it("still masks an email or phone written in a column marked not personal", () => {
    const masked = maskRawPayload(
      { Kundentyp: "Privat, Rückruf +49 30 12345678 oder greta@example.de" },
      german,
    );
    expect(masked.Kundentyp).toBe("Privat, Rückruf •••78 oder g•••@•••.de");
  });

  it("follows the import rule for columns named like canonical fields, and masks an object under a mapped column whole", () => {
    expect(
      maskRawPayload(
        { email: "ada@example.com", first_name: "Ada", national_id: "123-45-6789", dob: { y: 1954 } },
        { fieldMapping: {}, nonPersonalColumns: [] },
      ),
    ).toEqual({
      email: "a•••@•••.com",
      first_name: "Ada",
      national_id: "•••",
      dob: "•••",
    });
    // A column mapped explicitly to a field takes it from the column that is merely named like it (createRowMapper).
    expect(
      maskRawPayload(
        { email: "old@example.com", Mail: "new@example.com" },
        { fieldMapping: { Mail: "email" }, nonPersonalColumns: [] },
      ),
    ).toEqual({
      email: "•••",
      Mail: "n•••@•••.com",
    });
  });

  it("names keep the golden view's rule: shown, unless the value is itself an email or phone", () => {
    expect(maskRawPayload({ Vorname: "greta@example.de" }, german)).toEqual({ Vorname: "g•••@•••.de" });
  });

  it("ignores a mapping entry that is not a canonical field rather than failing the page", () => {
    expect(
      maskRawPayload({ X: "secret" }, { fieldMapping: { X: "shoe_size" }, nonPersonalColumns: [] }),
    ).toEqual({ X: "•••" });
  });
});

describe("standardized payloads and free text", () => {
  it("masks standardized values by the kind of their field", () => {
    expect(
      maskStandardizedPayload({
        firstName: "greta",
        nationalId: "65140761L512",
        streetNumber: "17",
        unit: "2 OG",
        postcode: "10115",
        dob: "1961-07-14",
        phone: "+493012345678",
        city: "berlin",
        updatedAt: "2026-01-05T10:00:00Z",
      }),
    ).toEqual({
      firstName: "greta",
      nationalId: "•••",
      streetNumber: "•••",
      unit: "•••",
      postcode: "10•••",
      dob: "••••-••-••",
      phone: "•••78",
      city: "berlin",
      updatedAt: "2026-01-05T10:00:00Z",
    });
  });

  it("masks a phone number or a date inside a sentence, and leaves a machine timestamp and short numbers alone", () => {
    expect(maskLooseString("Confirmed by phone on +49 30 12345678, born 1961-07-14")).toBe(
      "Confirmed by phone on •••78, born •••14",
    );
    expect(maskLooseString("2018-09-17T00:00:00Z")).toBe("2018-09-17T00:00:00Z");
    expect(maskLooseString("order 4711, 3 items")).toBe("order 4711, 3 items");
  });
});
