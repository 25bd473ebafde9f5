import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, httpStatusOf } from "./errors";
import { parseInput } from "./parse-input";

describe("the error table", () => {
  it("answers each domain error with its HTTP status", () => {
    expect(httpStatusOf).toEqual({
      BAD_REQUEST: 400,
      UNAUTHORIZED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      PRECONDITION_FAILED: 412,
      TOO_MANY_REQUESTS: 429,
    });
  });
});

describe("parseInput", () => {
  const schema = z.object({
    email: z.email("Enter a valid email address"),
    limit: z.number().int().max(100),
    tags: z.array(z.string()),
  });

  it("returns the parsed input when it is valid", () => {
    expect(parseInput(schema, { email: "a@example.com", limit: 5, tags: ["x"] })).toEqual({
      email: "a@example.com",
      limit: 5,
      tags: ["x"],
    });
  });

  it("refuses bad input as BAD_REQUEST naming every field that was wrong, and gives them by field", () => {
    let caught: unknown;
    try {
      parseInput(schema, { email: "nope", limit: 500, tags: ["x", 3] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const error = caught as AppError;
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("email: Enter a valid email address");
    expect(error.message).toMatch(/limit: .*100/);
    expect(error.message).toContain("tags.1:");
    expect(Object.keys(error.details?.fieldErrors as object).sort()).toEqual(["email", "limit", "tags.1"]);
  });
});
