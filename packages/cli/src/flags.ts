// Parses `--name value` and `--name=value` flags, refusing unknown ones with a clear message.
import { UsageError } from "./command";

export function parseFlags<K extends string>(
  args: string[],
  known: readonly K[],
): Partial<Record<K, string>> {
  const flags: Partial<Record<K, string>> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("--")) throw new UsageError(`unexpected argument "${arg}"`);
    const [rawName, inlineValue] = arg.slice(2).split(/=(.*)/s, 2);
    const name = rawName as K;
    if (!known.includes(name)) throw new UsageError(`unknown option --${rawName}`);
    const value = inlineValue ?? args[++i];
    if (value === undefined || (inlineValue === undefined && value.startsWith("--")))
      throw new UsageError(`--${rawName} needs a value`);
    flags[name] = value;
  }
  return flags;
}
