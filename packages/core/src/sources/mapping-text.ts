// The mapping and trust as editable text, one `left=right` per line: what the portal's source forms show and read.

export function formatPairs(pairs: Record<string, string | number>): string {
  return Object.entries(pairs)
    .map(([left, right]) => `${left}=${right}`)
    .join("\n");
}

/** Lines of `column=field`; a line without "=" is refused with its number, blank lines are skipped. */
export function parsePairs(text: string): { pairs: Record<string, string>; error: string | null } {
  const pairs: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const eq = line.lastIndexOf("=");
    if (eq <= 0 || eq === line.length - 1)
      return { pairs, error: `Line ${i + 1}: write left=right, e.g. EMail=email (got "${line}")` };
    pairs[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { pairs, error: null };
}

/** Lines of `field=0.8`: trust per canonical field, between 0 and 1. */
export function parseTrust(text: string): { trust: Record<string, number>; error: string | null } {
  const { pairs, error } = parsePairs(text);
  if (error) return { trust: {}, error };
  const trust: Record<string, number> = {};
  for (const [field, value] of Object.entries(pairs)) {
    const n = Number(value);
    if (!Number.isFinite(n))
      return { trust, error: `Trust of ${field} must be a number between 0 and 1 (got "${value}")` };
    trust[field] = n;
  }
  return { trust, error: null };
}
