// The text of an unexpected error for the server log, without the values it carries: drizzle's "Failed query"
// message ends with every bound parameter (whole records, emails included) and PostgreSQL errors keep them in
// properties that console.error would print; the log gets the query shape, the database's reason and the stack.

const MAX_QUERY_CHARS = 2000;

function ownLines(error: Error): { head: string; frames: string } {
  const message = (error.message ?? "").split(/\nparams:/)[0]!;
  const frames = (error.stack ?? "")
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .join("\n");
  const code = (error as { code?: unknown }).code;
  const head = `${error.name}${typeof code === "string" ? ` [${code}]` : ""}: ${message.length > MAX_QUERY_CHARS ? `${message.slice(0, MAX_QUERY_CHARS)}…` : message}`;
  return { head, frames };
}

/** One log text for an error and its causes: names, codes, messages (parameters stripped) and stack frames. */
export function describeErrorForLog(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (!(current instanceof Error)) {
      parts.push(
        `${depth ? "caused by " : ""}${typeof current === "string" ? current.split(/\nparams:/)[0] : typeof current}`,
      );
      break;
    }
    const { head, frames } = ownLines(current);
    parts.push(`${depth ? "caused by " : ""}${head}${frames ? `\n${frames}` : ""}`);
    current = current.cause;
  }
  return parts.join("\n");
}

/** One line for a command's or a worker's output: the messages of the error and its causes, parameters stripped. */
export function describeErrorBriefly(error: unknown): string {
  return describeErrorForLog(error)
    .split("\n")
    .filter((line) => !/^\s+at /.test(line))
    .join("; ");
}

/** Logs an unexpected error under a context label, through describeErrorForLog. */
export function logUnexpectedError(context: string, error: unknown): void {
  console.error(`${context}: ${describeErrorForLog(error)}`);
}
