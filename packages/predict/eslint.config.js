import { base, restrictImports, typeChecked } from "@c360/eslint-config/base";

// Layering of docs/architecture.md: the prediction package, like the matching engine, imports nothing of ours.
export default [
  ...base,
  ...typeChecked(import.meta.dirname),
  restrictImports([
    "@c360/db",
    "@c360/core",
    "@c360/api",
    "@c360/auth",
    "@c360/cli",
    "@c360/matching",
    "drizzle-orm",
    "postgres",
    "react",
    "next",
  ]),
];
