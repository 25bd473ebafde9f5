import { base, restrictImports, typeChecked } from "@c360/eslint-config/base";

// Layering of docs/architecture.md: roles and next-auth options; no SQL.
export default [
  ...base,
  ...typeChecked(import.meta.dirname),
  restrictImports(["drizzle-orm", "postgres", "@c360/db", "@c360/core", "@c360/api"]),
];
