import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { toCsv } from "./run-export";
import {
  assertSegmentWithinMask,
  maskSegmentDefinition,
  compileSegment,
  describeSegment,
  segmentDefinition,
  type SegmentGroup,
} from "./segment-rules";

const dialect = new PgDialect();

describe("segment rules", () => {
  const rule: SegmentGroup = {
    kind: "group",
    combinator: "or",
    conditions: [
      { kind: "attribute", attribute: "city", operator: "equals", value: "O'Hare'; drop table profiles; --" },
      {
        kind: "interactions",
        channel: "purchase",
        type: "order.placed",
        withinDays: 30,
        atLeast: 2,
        atMost: null,
      },
    ],
  };

  it("compiles to SQL whose every value is a bound parameter", () => {
    const query = dialect.sqlToQuery(compileSegment(rule));
    expect(query.sql).not.toContain("O'Hare");
    expect(query.sql).not.toContain("order.placed");
    expect(query.params).toEqual(
      expect.arrayContaining(["city", "o'hare'; drop table profiles; --", "purchase", "order.placed", 30, 2]),
    );
    expect(query.sql).toContain(" or ");
  });

  it("describes a rule in words", () => {
    expect(describeSegment(rule)).toBe(
      `city equals "O'Hare'; drop table profiles; --" or at least 2 order.placeds in the last 30 days`,
    );
  });

  it("refuses unknown attributes, missing values and groups nested too deep, naming the problem", () => {
    const bad = segmentDefinition.safeParse({
      kind: "group",
      combinator: "and",
      conditions: [{ kind: "attribute", attribute: "ssn", operator: "equals", value: "1" }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toContain("attribute must be one of");
    const noValue = segmentDefinition.safeParse({
      kind: "group",
      combinator: "and",
      conditions: [{ kind: "attribute", attribute: "city", operator: "equals" }],
    });
    expect(noValue.error!.issues[0]!.message).toBe("Give the value to compare the attribute with.");
    let deep: SegmentGroup = {
      kind: "group",
      combinator: "and",
      conditions: [{ kind: "attribute", attribute: "city", operator: "is_set" }],
    };
    for (let i = 0; i < 5; i++) deep = { kind: "group", combinator: "and", conditions: [deep] };
    expect(segmentDefinition.safeParse(deep).error!.issues[0]!.message).toContain("at most 4 deep");
  });
});

describe("segments a caller without profile:pii may ask", () => {
  const group = (...conditions: SegmentGroup["conditions"]): SegmentGroup => ({
    kind: "group",
    combinator: "and",
    conditions,
  });
  const attribute = (
    name: "email" | "phone" | "dob" | "postcode" | "last_name",
    operator: "equals" | "contains" | "starts_with" | "is_set",
    value?: string,
  ) => ({ kind: "attribute", attribute: name, operator, value }) as SegmentGroup["conditions"][number];

  it("refuses any test of an email, phone or birth date beyond whether it is set (a count is an answer)", () => {
    for (const name of ["email", "phone", "dob"] as const) {
      for (const operator of ["equals", "contains", "starts_with"] as const) {
        expect(() =>
          assertSegmentWithinMask(
            group(attribute("last_name", "equals", "okafor"), attribute(name, operator, "+1210")),
          ),
        ).toThrow(/masked/);
      }
      expect(() => assertSegmentWithinMask(group(attribute(name, "is_set")))).not.toThrow();
    }
  });

  it("allows a postcode's first two characters, which the masked form shows, and nothing longer", () => {
    expect(() => assertSegmentWithinMask(group(attribute("postcode", "starts_with", "44")))).not.toThrow();
    expect(() => assertSegmentWithinMask(group(attribute("postcode", "starts_with", "441")))).toThrow(
      /first 2 characters/,
    );
    expect(() => assertSegmentWithinMask(group(attribute("postcode", "equals", "44")))).toThrow(/masked/);
    // Nested groups are checked too.
    expect(() =>
      assertSegmentWithinMask(
        group({ kind: "group", combinator: "or", conditions: [attribute("email", "contains", "@x")] }),
      ),
    ).toThrow(/email/);
  });

  it("masks the values of masked attributes in a rule someone else wrote, and in its description", () => {
    const masked = maskSegmentDefinition(
      group(
        attribute("email", "equals", "ada@example.com"),
        attribute("phone", "equals", "+12102406611"),
        attribute("postcode", "starts_with", "44132"),
        attribute("last_name", "equals", "Lovelace"),
      ),
    );
    expect(describeSegment(masked)).toBe(
      'email equals "a•••@•••.com" and phone equals "•••11" and postcode starts with "44•••" and last_name equals "Lovelace"',
    );
  });
});

describe("CSV of an export", () => {
  it("quotes what needs quoting and writes a would-be formula as text", () => {
    const csv = toCsv(
      ["first_name", "city"],
      [
        { profile_id: "p1", first_name: '=HYPERLINK("x")', city: "Austin, TX" },
        { profile_id: "p2", first_name: null, city: "Dallas" },
      ],
    );
    expect(csv).toBe('profile_id,first_name,city\r\np1,"\'=HYPERLINK(""x"")","Austin, TX"\r\np2,,Dallas\r\n');
  });

  it("accepts a tracked event's name as sent (issue 19) and still refuses what is not a name", () => {
    const named = segmentDefinition.safeParse({
      kind: "group",
      combinator: "and",
      conditions: [{ kind: "interactions", type: "Order Completed", withinDays: 30 }],
    });
    expect(named.success).toBe(true);
    expect(dialect.sqlToQuery(compileSegment(named.data!)).params).toContain("Order Completed");
    const injected = segmentDefinition.safeParse({
      kind: "group",
      combinator: "and",
      conditions: [{ kind: "interactions", type: "x; drop table profiles" }],
    });
    expect(injected.error!.issues[0]!.message).toContain("type is an event type");
  });
});
