// Validates an input of a core function, turning a validation failure into the BAD_REQUEST AppError every caller
// (API, REST, CLI, worker) understands, with the fields named. The one validation path of core.
import type { z } from "zod";
import { AppError, describeValidationIssues, fieldErrorsOf } from "./errors";

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new AppError("BAD_REQUEST", describeValidationIssues(parsed.error.issues), {
    fieldErrors: fieldErrorsOf(parsed.error.issues),
  });
}
