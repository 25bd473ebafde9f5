// The server log never gets a query's bound values: drizzle's "Failed query ... params:" message carries whole records.
import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { describeErrorBriefly, describeErrorForLog } from "./describe-error-for-log";

describe("describeErrorForLog", () => {
  const cause = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
    code: "22021",
    parameters: ["ann.lee@example.com", "+12102406611"],
    query: "insert into source_records ...",
  });
  const error = new DrizzleQueryError(
    'insert into "source_records" ("raw") values ($1), ($2)',
    ["ann.lee@example.com", "+12102406611"],
    cause,
  );

  it("keeps the query shape, the database's reason and the stack, and drops the parameters", () => {
    const text = describeErrorForLog(error);
    expect(text).toContain('Failed query: insert into "source_records"');
    expect(text).toContain('caused by Error [22021]: invalid byte sequence for encoding "UTF8": 0x00');
    expect(text).toMatch(/\n\s+at /);
    expect(text).not.toContain("ann.lee@example.com");
    expect(text).not.toContain("+12102406611");
    expect(text).not.toContain("params:");
  });

  it("gives one line for command output", () => {
    const line = describeErrorBriefly(error);
    expect(line).not.toContain("\n");
    expect(line).not.toContain("ann.lee@example.com");
    expect(line).toContain("invalid byte sequence");
  });
});
