import { AppError } from "@c360/core/errors";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toTRPCError } from "./errors";

describe("domain error mapping", () => {
  it("maps each AppError code to the tRPC code of the same meaning and keeps the message", () => {
    const mapped = toTRPCError(new AppError("CONFLICT", "A user with the email a@b.c already exists."));
    expect(mapped.code).toBe("CONFLICT");
    expect(mapped.message).toBe("A user with the email a@b.c already exists.");
    expect(toTRPCError(new AppError("NOT_FOUND", "x")).code).toBe("NOT_FOUND");
  });

  it("turns a validation failure into BAD_REQUEST naming the field", () => {
    const result = z.object({ email: z.email("Enter a valid email address") }).safeParse({ email: "nope" });
    const mapped = toTRPCError(result.error);
    expect(mapped.code).toBe("BAD_REQUEST");
    expect(mapped.message).toBe("email: Enter a valid email address");
  });

  it("hides unexpected errors behind a generic message", () => {
    const mapped = toTRPCError(new Error("relation users does not exist at 10.0.0.3"));
    expect(mapped.code).toBe("INTERNAL_SERVER_ERROR");
    expect(mapped.message).not.toContain("10.0.0.3");
    expect(toTRPCError(new TRPCError({ code: "FORBIDDEN" })).code).toBe("FORBIDDEN");
  });
});
