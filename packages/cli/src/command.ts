// The shape every `c360` sub-command implements, so main.ts can dispatch and tests can call commands in-process.
export interface CommandIO {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Runs the command; resolves to the process exit code. Throwing a UsageError prints its message and usage. */
  run: (args: string[], io: CommandIO) => Promise<number>;
}

/** Bad command-line input: printed as one line with the usage, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
