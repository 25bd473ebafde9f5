// A PostgreSQL array literal for one bind parameter (drizzle expands JS arrays into lists, which is not wanted here).

export function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}
