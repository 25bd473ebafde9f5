// The activation CSV export through the one CSV writer: the payload of issue 18 is written as text, phones stay dialable.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { toCsv } from "./run-export";

describe("activation CSV", () => {
  it("writes formula payloads as text in every column and keeps phone numbers as they are", () => {
    const payload = "-2+3+cmd|' /C calc'!A0";
    const csv = toCsv(
      ["first_name", "email", "phone"],
      [
        {
          profile_id: "p1",
          first_name: payload,
          email: '=HYPERLINK("http://evil.test")',
          phone: "+12102406611",
        },
        { profile_id: "p2", first_name: " +1", email: null, phone: payload },
      ],
    );
    const rows = parse(csv) as string[][];
    expect(rows[0]).toEqual(["profile_id", "first_name", "email", "phone"]);
    expect(rows[1]).toEqual(["p1", `'${payload}`, `'=HYPERLINK("http://evil.test")`, "+12102406611"]);
    expect(rows[2]).toEqual(["p2", "' +1", "", `'${payload}`]);
  });
});
