// The one CSV writer: quoting, the formula guard by column kind, and the payloads of issue 18.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvCellText, writeCsv } from "./write-csv";

const payloads = [
  "-2+3+cmd|' /C calc'!A0",
  "+cmd|' /C calc'!A0",
  '=HYPERLINK("http://evil.test","click")',
  "@SUM(A1:A9)",
  "\t=1+1",
  "\r=1+1",
  "  =1+1",
  " -2+3+cmd|' /C calc'!A0",
  "-1+1",
];

describe("csvCellText", () => {
  it.each(payloads)("guards %j in a text column", (payload) => {
    expect(csvCellText(payload)).toBe(`'${payload}`);
  });

  it.each(payloads.slice(0, 8))("guards %j in a numeric column too: it is not made of digits", (payload) => {
    expect(csvCellText(payload, "numeric")).toBe(`'${payload}`);
  });

  it("keeps numbers and phone numbers numeric in numeric columns", () => {
    expect(csvCellText("-2.5", "numeric")).toBe("-2.5");
    expect(csvCellText("+44 20 7946 0958", "numeric")).toBe("+44 20 7946 0958");
    expect(csvCellText("+1 (210) 240-6611", "numeric")).toBe("+1 (210) 240-6611");
    expect(csvCellText(-2.5)).toBe("-2.5");
    expect(csvCellText(-2.5, "text")).toBe("-2.5");
    // In a text column the same characters are text.
    expect(csvCellText("-2.5")).toBe("'-2.5");
  });

  it("writes dates as ISO, objects as JSON, nothing as empty", () => {
    expect(csvCellText(new Date("2026-01-02T03:04:05Z"))).toBe("2026-01-02T03:04:05.000Z");
    expect(csvCellText({ a: 1 })).toBe('{"a":1}');
    expect(csvCellText(null)).toBe("");
  });
});

describe("writeCsv", () => {
  it("quotes separators, quotes and line breaks, and reads back to the guarded values", () => {
    const csv = writeCsv(
      ["name", { name: "amount", kind: "numeric" }],
      [
        ['a,"b"', "-2.5"],
        ["two\nlines", "=1+2"],
      ],
    );
    expect(csv).toBe('name,amount\r\n"a,""b""",-2.5\r\n"two\nlines",\'=1+2\r\n');
    expect(parse(csv)).toEqual([
      ["name", "amount"],
      ['a,"b"', "-2.5"],
      ["two\nlines", "'=1+2"],
    ]);
  });

  it("writes without a header and with LF when asked", () => {
    expect(writeCsv(["a", "b"], [["1", "x"]], { header: false, eol: "\n" })).toBe("1,x\n");
  });
});
