// Validates a stewardship input, turning a validation failure into the BAD_REQUEST AppError every caller
// (API, CLI, worker) understands, with the fields named.
import type { z } from "zod";
import { AppError } from "../errors";

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "_"] ??= []).push(issue.message);
  const message = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
  throw new AppError("BAD_REQUEST", message, { fieldErrors });
}
