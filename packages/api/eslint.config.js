import { base, restrictImports, typeChecked } from "@c360/eslint-config/base";

// Layering of docs/architecture.md: routers are thin: no SQL, no UI.
export default [
  ...base,
  ...typeChecked(import.meta.dirname),
  restrictImports(["drizzle-orm", "postgres", "@c360/cli", "react", "next"]),
];
